package io.arbiter.evidence.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3 endpoint on the loopback address for the tests: s3proxy over a temporary directory, checking AWS
 * signatures with fixed test keys. Started once per test JVM.
 */
final class S3ProxyServer {

    static final String ACCESS_KEY = "arbiter-test";
    static final String SECRET_KEY = "arbiter-test-secret";

    private static URI endpoint;

    private S3ProxyServer() {
    }

    static synchronized URI endpoint() throws Exception {
        if (endpoint == null) {
            Path storage = Files.createTempDirectory("arbiter-s3proxy-");
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(storage.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        }
        return endpoint;
    }

    static S3Client client(ExecutionInterceptor... interceptors) throws Exception {
        S3ClientBuilder builder = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
        builder.overrideConfiguration(configuration -> {
            for (ExecutionInterceptor interceptor : interceptors) {
                configuration.addExecutionInterceptor(interceptor);
            }
        });
        return builder.build();
    }

    /** A new empty bucket, so that no test sees another's objects or uploads. */
    static String newBucket() throws Exception {
        String bucket = "arbiter-" + UUID.randomUUID();
        try (S3Client s3 = client()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        return bucket;
    }
}
