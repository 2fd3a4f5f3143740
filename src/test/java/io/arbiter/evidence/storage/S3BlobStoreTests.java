package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The contract and the multipart path against a real S3 endpoint (s3proxy on the loopback address). */
class S3BlobStoreTests extends BlobStoreContractTests {

    private static final long MB = 1024 * 1024;

    private final List<Integer> uploadedParts = new CopyOnWriteArrayList<>();
    private Consumer<UploadPartRequest> beforeEachPart = part -> { };
    private S3Client s3;
    private String bucket;

    @Override
    BlobStore newStore() throws Exception {
        bucket = S3ProxyServer.newBucket();
        s3 = S3ProxyServer.client();
        return storeWith(16 * MB, 8 * MB);
    }

    @AfterEach
    void close() {
        ((S3BlobStore) store).close();
        s3.close();
    }

    @Override
    void tamper(String sha256, byte[] bytes) {
        s3.putObject(request -> request.bucket(bucket).key("evidence/" + sha256),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

    /** A store whose client lets the test watch, or break, each part as it goes up. */
    private S3BlobStore storeWith(long multipartThreshold, long partSize) throws Exception {
        ExecutionInterceptor partWatcher = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof UploadPartRequest part) {
                    beforeEachPart.accept(part);
                    uploadedParts.add(part.partNumber());
                }
            }
        };
        return new S3BlobStore(S3ProxyServer.client(partWatcher), bucket, "evidence/", multipartThreshold, partSize);
    }

    @Test
    void storesSmallFilesInOneRequestUnderThePrefixedKey() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());

        assertThat(uploadedParts).isEmpty();
        assertThat(s3.headObject(request -> request.bucket(bucket).key("evidence/" + blob.sha256())).contentLength())
                .isEqualTo(blob.size());
    }

    @Test
    void uploadsA64MegabyteFileInPartsAndReadsItBackByRange() throws Exception {
        StagedFile video = TestBlobs.write(work.resolve("video"), 64 * MB, 2026);

        assertThat(store.put(video.sha256(), video.path(), video.size())).isTrue();

        assertThat(uploadedParts).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(noUnfinishedUploads()).isTrue();
        assertThat(store.size(video.sha256())).isEqualTo(video.size());
        long boundary = 8 * MB;
        for (long offset : new long[] {0, boundary - 10, 3 * boundary + 12_345, video.size() - 100}) {
            try (var in = store.open(video.sha256(), offset, 100)) {
                assertThat(in.readAllBytes()).as("bytes from %d", offset)
                        .isEqualTo(TestBlobs.range(video.path(), offset, 100));
            }
        }
        assertThat(TestBlobs.sha256Of(store.open(video.sha256(), 0, -1))).isEqualTo(video.sha256());
        assertThat(store.put(video.sha256(), video.path(), video.size())).isFalse();
    }

    @Test
    void aPartThatFailsAbortsTheUploadAndLeavesNothing() throws Exception {
        S3BlobStore parts = storeWith(5 * MB, 5 * MB);
        StagedFile video = TestBlobs.write(work.resolve("video"), 18 * MB, 3);
        beforeEachPart = part -> {
            if (part.partNumber() == 3) {
                throw SdkClientException.create("the network went away");
            }
        };

        assertThatThrownBy(() -> parts.put(video.sha256(), video.path(), video.size()))
                .isInstanceOf(IOException.class).hasMessageContaining("the network went away");

        assertThat(uploadedParts).containsExactly(1, 2);
        assertThat(noUnfinishedUploads()).as("the upload was aborted").isTrue();
        assertThat(parts.exists(video.sha256())).isFalse();
        parts.close();
    }

    @Test
    void aFileCutShortWhileItsPartsGoUpAbortsTheUpload() throws Exception {
        S3BlobStore parts = storeWith(5 * MB, 5 * MB);
        StagedFile video = TestBlobs.write(work.resolve("video"), 18 * MB, 4);
        beforeEachPart = part -> {
            if (part.partNumber() == 2) {
                truncate(video.path(), 7 * MB);
            }
        };

        assertThatThrownBy(() -> parts.put(video.sha256(), video.path(), video.size()))
                .isInstanceOf(IOException.class).hasMessageContaining("ended at byte");

        assertThat(noUnfinishedUploads()).as("the upload was aborted").isTrue();
        assertThat(parts.exists(video.sha256())).isFalse();
        parts.close();
    }

    @Test
    void refusesToStartWithoutItsBucket() throws Exception {
        S3BlobStore missing = new S3BlobStore(S3ProxyServer.client(), "no-such-bucket-here", "evidence/",
                16 * MB, 16 * MB);

        assertThatThrownBy(missing::checkBucket).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-bucket-here").hasMessageContaining("does not exist");
        missing.close();
        ((S3BlobStore) store).checkBucket();
    }

    @Test
    void refusesPartsSmallerThanS3Allows() {
        assertThatThrownBy(() -> new S3BlobStore(s3, bucket, "evidence/", 16 * MB, 4 * MB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 5MB");
    }

    @Test
    void growsPartsForObjectsThatWouldNeedMoreThanTenThousand() {
        S3BlobStore parts = (S3BlobStore) store;
        long twoHundredGigabytes = 200L * 1024 * MB;

        assertThat(parts.partLengthFor(64 * MB)).isEqualTo(8 * MB);
        long part = parts.partLengthFor(twoHundredGigabytes);
        assertThat((twoHundredGigabytes + part - 1) / part).isLessThanOrEqualTo(10_000);
        assertThat(part).isGreaterThan(8 * MB);
    }

    private boolean noUnfinishedUploads() {
        return s3.listMultipartUploads(request -> request.bucket(bucket)).uploads().isEmpty();
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
