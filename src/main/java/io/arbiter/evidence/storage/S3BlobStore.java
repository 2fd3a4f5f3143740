package io.arbiter.evidence.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Blobs as objects named {@code <key-prefix><sha256>} in one bucket. Small files go up in one request, large
 * ones in parts read straight from the staged file; a multipart upload that fails is aborted, so the bucket
 * keeps no half-uploaded parts. Reads ask for the range they need and never hold an object in memory.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    /** S3 refuses parts under 5 MiB (except the last) and more than 10,000 parts per object. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final String BINARY = "application/octet-stream";
    private static final int NOT_FOUND = 404;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final long multipartThreshold;
    private final long partSize;

    public S3BlobStore(S3Client s3, String bucket, String keyPrefix, long multipartThreshold, long partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("the S3 part size must be at least 5MB, not " + partSize + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /**
     * Builds the client from the settings (without keys: the AWS SDK's default credentials chain) and fails, with
     * the reason, unless the bucket is there and reachable.
     */
    static S3BlobStore connect(EvidenceStorageProperties.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess());
        if (settings.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        S3BlobStore store = new S3BlobStore(builder.build(), settings.bucket(), settings.keyPrefix(),
                settings.multipartThreshold().toBytes(), settings.partSize().toBytes());
        try {
            store.checkBucket();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Throws IllegalStateException naming the bucket and what S3 answered, unless the bucket can be used. */
    void checkBucket() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            String reason = e.statusCode() == NOT_FOUND ? "does not exist"
                    : "cannot be used (S3 answered " + e.statusCode() + ": " + e.getMessage() + ")";
            throw new IllegalStateException("arbiter.evidence.storage.s3.bucket: the bucket '" + bucket + "' "
                    + reason + "; create it or correct the setting", e);
        } catch (SdkException e) {
            throw new IllegalStateException("arbiter.evidence.storage.s3: cannot reach S3 to check the bucket '"
                    + bucket + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean put(String sha256, Path file, long size) throws IOException {
        String key = keyOf(sha256);
        if (exists(sha256)) {
            return false;
        }
        FileRange.requireStagedSize(file, Files.size(file), size);
        try {
            if (size == 0 || size < multipartThreshold) {
                s3.putObject(request -> request.bucket(bucket).key(key).contentLength(size).contentType(BINARY),
                        fileRegion(file, 0, size));
            } else {
                putInParts(key, file, size);
            }
        } catch (SdkException e) {
            throw failed("storing", key, e);
        }
        return true;
    }

    private void putInParts(String key, Path file, long size) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(BINARY)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        try {
            long part = partLengthFor(size);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                long length = Math.min(part, size - offset);
                UploadPartResponse uploaded = s3.uploadPart(request -> request.bucket(bucket).key(key)
                                .uploadId(uploadId).partNumber(number).contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        fileRegion(file, offset, length));
                parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag())
                        .checksumCRC32(uploaded.checksumCRC32()).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (Throwable failure) {
            abort(key, uploadId, failure);
            throw failure;
        }
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException abortFailed) {
            failure.addSuppressed(abortFailed);
            log.error("Could not abort multipart upload {} of {}; its parts stay in bucket {} until a lifecycle rule"
                    + " removes them", uploadId, key, bucket, abortFailed);
        }
    }

    /** Opened anew for every attempt, so the SDK's retries resend the same bytes. */
    private static RequestBody fileRegion(Path file, long offset, long length) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return FileRange.openExactly(file, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, BINARY);
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        try {
            head(sha256);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public long size(String sha256) throws IOException {
        return head(sha256).contentLength();
    }

    private HeadObjectResponse head(String sha256) throws IOException {
        String key = keyOf(sha256);
        try {
            return s3.headObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failed("looking up", key, e);
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        String key = keyOf(sha256);
        if (length == 0) {
            head(sha256);
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            return new AbortOnEarlyClose(s3.getObject(request -> request.bucket(bucket).key(key).range(range)));
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return InputStream.nullInputStream();
            }
            throw failed("reading", key, e);
        } catch (SdkException e) {
            throw failed("reading", key, e);
        }
    }

    @Override
    public String version(String sha256) throws IOException {
        HeadObjectResponse head = head(sha256);
        return head.contentLength() + "/" + head.eTag() + "/" + head.lastModified();
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (!exists(sha256)) {
            return false;
        }
        String key = keyOf(sha256);
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failed("deleting", key, e);
        }
        return true;
    }

    @Override
    public void forEachStored(Visitor visitor) throws IOException {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(keyPrefix))
                    .contents()) {
                String name = object.key().substring(keyPrefix.length());
                if (BlobStore.isKey(name)) {
                    visitor.stored(name, object.lastModified());
                }
            }
        } catch (SdkException e) {
            throw failed("listing", keyPrefix, e);
        }
    }

    /** Storage trouble reaches callers as an IOException, the same as from the file system; a 404 as a missing file. */
    private IOException failed(String doing, String key, SdkException e) {
        String object = "s3://" + bucket + "/" + key;
        if (e instanceof S3Exception s3Error && s3Error.statusCode() == NOT_FOUND) {
            NoSuchFileException missing = new NoSuchFileException(object);
            missing.initCause(e);
            return missing;
        }
        return new IOException(doing + " " + object + " failed: " + e.getMessage(), e);
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void close() {
        s3.close();
    }

    String keyOf(String sha256) {
        return keyPrefix + Fingerprints.requireSha256(sha256);
    }

    /** The configured part size, or larger when that many parts would exceed what S3 takes for one object. */
    long partLengthFor(long size) {
        long smallestWithinTheLimit = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSize, smallestWithinTheLimit);
    }

    /**
     * Closing an HTTP response body normally reads what is left so the connection can be reused; a video player
     * that seeks away would make that a download of the rest of the file. Abort instead unless fully read.
     */
    private static final class AbortOnEarlyClose extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortOnEarlyClose(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
