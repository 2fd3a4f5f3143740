package io.arbiter.evidence.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code arbiter.evidence.storage.*}.
 *
 * @param type                {@code filesystem} (blobs under the directory) or {@code s3} (blobs in a bucket)
 * @param directory           local root: blobs (filesystem type) and, for every type, the staging area
 * @param verifiedFor         how long at most a successful hash check of a stored file is trusted before it is hashed
 *                            again; any change to the stored file ends it at once
 * @param stagingExpiresAfter staging files older than this are leftovers of a crash or a lost request
 * @param orphansKeptFor      a blob that no evidence names is deleted once it is this old
 * @param reapInterval        how often blobs that no evidence names are looked for
 * @param s3                  the bucket, used when the type is {@code s3}
 */
@ConfigurationProperties("arbiter.evidence.storage")
public record EvidenceStorageProperties(String type, Path directory, Duration verifiedFor,
                                        Duration stagingExpiresAfter, Duration orphansKeptFor,
                                        Duration reapInterval, S3 s3) {

    public static final String FILESYSTEM = "filesystem";
    public static final String S3 = "s3";
    private static final Set<String> TYPES = Set.of(FILESYSTEM, S3);

    public EvidenceStorageProperties {
        type = type == null || type.isBlank() ? FILESYSTEM : type.trim();
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("arbiter.evidence.storage.type must be filesystem or s3, not '"
                    + type + "'");
        }
        directory = directory == null ? Path.of("data", "evidence") : directory;
        verifiedFor = verifiedFor == null ? Duration.ofMinutes(10) : verifiedFor;
        stagingExpiresAfter = stagingExpiresAfter == null ? Duration.ofDays(1) : stagingExpiresAfter;
        orphansKeptFor = orphansKeptFor == null ? Duration.ofDays(1) : orphansKeptFor;
        reapInterval = reapInterval == null ? Duration.ofHours(1) : reapInterval;
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null, null, null) : s3;
        if (type.equals(S3) && s3.bucket() == null) {
            throw new IllegalArgumentException("arbiter.evidence.storage.s3.bucket must be set when "
                    + "arbiter.evidence.storage.type is s3");
        }
    }

    /**
     * {@code arbiter.evidence.storage.s3.*}.
     *
     * @param bucket             the bucket holding the blobs; it must exist
     * @param endpoint           for S3-compatible stores (MinIO, Ceph, ...); unset for AWS
     * @param region             the bucket's region
     * @param pathStyleAccess    address the bucket in the path rather than the host name (most S3-compatible stores)
     * @param accessKey          with {@code secretKey}; both unset: the AWS SDK's default credentials chain
     * @param secretKey          with {@code accessKey}
     * @param keyPrefix          put before each SHA-256 to make an object key
     * @param multipartThreshold files this large or larger are uploaded in parts
     * @param partSize           the size of each part; at least 5MB
     */
    public record S3(String bucket, URI endpoint, String region, Boolean pathStyleAccess, String accessKey,
                     String secretKey, String keyPrefix, DataSize multipartThreshold, DataSize partSize) {

        public S3 {
            bucket = blankToNull(bucket);
            accessKey = blankToNull(accessKey);
            secretKey = blankToNull(secretKey);
            region = region == null || region.isBlank() ? "us-east-1" : region;
            pathStyleAccess = pathStyleAccess != null && pathStyleAccess;
            keyPrefix = keyPrefix == null ? "evidence/" : keyPrefix;
            multipartThreshold = multipartThreshold == null ? DataSize.ofMegabytes(16) : multipartThreshold;
            partSize = partSize == null ? DataSize.ofMegabytes(16) : partSize;
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException("arbiter.evidence.storage.s3.access-key and secret-key go "
                        + "together: set both, or neither to use the AWS default credentials chain");
            }
            if (partSize.toBytes() < S3BlobStore.MIN_PART_SIZE) {
                throw new IllegalArgumentException("arbiter.evidence.storage.s3.part-size must be at least 5MB, not "
                        + partSize);
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
