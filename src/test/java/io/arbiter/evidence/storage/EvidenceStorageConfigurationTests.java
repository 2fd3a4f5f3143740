package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.arbiter.common.RealTime;

/** Which store the settings give, and that settings which cannot work stop start-up saying why. */
class EvidenceStorageConfigurationTests {

    @TempDir
    Path directory;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EvidenceStorageProperties.class)
    static class BindProperties {

        @Bean(defaultCandidate = false)
        @RealTime
        Clock realTime() {
            return Clock.systemUTC();
        }

        /** The evidence table, which these tests do not have: no blob is named. */
        @Bean
        BlobReferences noEvidence() {
            return candidates -> Set.of();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(BindProperties.class, EvidenceStorageConfiguration.class)
                .withBean(Clock.class, Clock::systemUTC)
                .withPropertyValues("arbiter.evidence.storage.directory=" + directory);
    }

    @Test
    void storesOnTheFileSystemByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BlobStore.class)).isInstanceOf(FileSystemBlobStore.class);
            assertThat(context.getBean(Staging.class).directory()).isEqualTo(directory.resolve("staging"));
            assertThat(context).hasSingleBean(EvidenceFiles.class);
            assertThat(context).hasSingleBean(BlobReaper.class);
            assertThat(directory.resolve("blobs")).isDirectory();
        });
    }

    @Test
    void storesInS3WhenToldWhere() throws Exception {
        String bucket = S3ProxyServer.newBucket();
        runner().withPropertyValues(s3Settings(bucket)).run(context -> {
            assertThat(context).hasNotFailed();
            BlobStore store = context.getBean(BlobStore.class);
            assertThat(store.name()).isEqualTo("s3");
            assertThat(((S3BlobStore) store).keyOf("0".repeat(64))).isEqualTo("vault/" + "0".repeat(64));
            assertThat(context.getBean(Staging.class).directory()).isEqualTo(directory.resolve("staging"));
        });
    }

    @Test
    void anUnknownTypeStopsStartUp() {
        runner().withPropertyValues("arbiter.evidence.storage.type=tape").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("arbiter.evidence.storage.type must be filesystem or s3, not 'tape'"));
    }

    @Test
    void s3WithoutABucketStopsStartUp() {
        runner().withPropertyValues("arbiter.evidence.storage.type=s3").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("arbiter.evidence.storage.s3.bucket must be set"));
    }

    @Test
    void anAbsentBucketStopsStartUp() throws Exception {
        runner().withPropertyValues(s3Settings("nobody-made-this-bucket")).run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("the bucket 'nobody-made-this-bucket' does not exist"));
    }

    @Test
    void anAccessKeyWithoutItsSecretStopsStartUp() throws Exception {
        runner().withPropertyValues("arbiter.evidence.storage.type=s3", "arbiter.evidence.storage.s3.bucket=b",
                "arbiter.evidence.storage.s3.access-key=only-half").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("set both, or neither"));
    }

    @Test
    void partsUnderFiveMegabytesStopStartUp() {
        runner().withPropertyValues("arbiter.evidence.storage.type=s3", "arbiter.evidence.storage.s3.bucket=b",
                "arbiter.evidence.storage.s3.part-size=4MB").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("part-size must be at least 5MB"));
    }

    private static String[] s3Settings(String bucket) throws Exception {
        return new String[] {
                "arbiter.evidence.storage.type=s3",
                "arbiter.evidence.storage.s3.bucket=" + bucket,
                "arbiter.evidence.storage.s3.endpoint=" + S3ProxyServer.endpoint(),
                "arbiter.evidence.storage.s3.path-style-access=true",
                "arbiter.evidence.storage.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "arbiter.evidence.storage.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
                "arbiter.evidence.storage.s3.key-prefix=vault/"
        };
    }
}
