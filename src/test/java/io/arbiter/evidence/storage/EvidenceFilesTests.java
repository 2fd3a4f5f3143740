package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.support.TestClock;

class EvidenceFilesTests {

    @TempDir
    Path root;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private FileSystemBlobStore store;
    private EvidenceFiles files;
    private StagedFile photo;

    @BeforeEach
    void storeAPhoto() throws IOException {
        store = new FileSystemBlobStore(root);
        files = new EvidenceFiles(store, clock, Duration.ofMinutes(10));
        photo = TestBlobs.write(root.resolve("photo"), 300_000, 11);
        store.put(photo.sha256(), photo.path(), photo.size());
    }

    @Test
    void servesTheRequestedRangeOfAnIntactFile() throws IOException {
        assertThat(read(1000, 64)).isEqualTo(TestBlobs.range(photo.path(), 1000, 64));
        assertThat(read(0, -1)).isEqualTo(Files.readAllBytes(photo.path()));
        assertThat(files.size(photo.sha256())).isEqualTo(photo.size());
    }

    @Test
    void refusesAFileChangedOnDiskAtItsFirstRead() throws IOException {
        changeOneByte(250_000);

        assertThatThrownBy(() -> files.openVerified(photo.sha256(), 0, 10))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.sha256()).isEqualTo(photo.sha256()))
                .hasMessageContaining(photo.sha256()).hasMessageContaining("no longer matches its fingerprint");
    }

    @Test
    void trustsACheckOfAnUnchangedFileForItsPeriodAndHashesAgainAfterIt() throws IOException {
        AtomicInteger hashed = new AtomicInteger();
        EvidenceFiles counting = new EvidenceFiles(new ForwardingStore(store) {
            @Override
            public InputStream open(String sha256, long offset, long length) throws IOException {
                if (offset == 0 && length < 0) {
                    hashed.incrementAndGet();
                }
                return super.open(sha256, offset, length);
            }
        }, clock, Duration.ofMinutes(10));

        counting.openVerified(photo.sha256(), 0, 10).close();
        clock.advance(Duration.ofMinutes(9));
        counting.openVerified(photo.sha256(), 1000, 10).close();
        assertThat(hashed).as("within the period an unchanged file is not hashed again").hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        counting.openVerified(photo.sha256(), 0, 10).close();
        assertThat(hashed).hasValue(2);
    }

    @Test
    void aChangeWithinThePeriodIsRefusedAtTheNextReadAndAFailedCheckIsNotRemembered() throws IOException {
        read(0, 10);
        changeOneByte(250_000);

        assertThatThrownBy(() -> read(0, 10)).isInstanceOf(EvidenceIntegrityException.class);
        assertThatThrownBy(() -> read(0, 10)).as("a failed check is not remembered as a success")
                .isInstanceOf(EvidenceIntegrityException.class);
    }

    /** Passes every call to another store, for tests that watch or change one of them. */
    static class ForwardingStore implements BlobStore {

        private final BlobStore store;

        ForwardingStore(BlobStore store) {
            this.store = store;
        }

        @Override
        public boolean put(String sha256, Path file, long size) throws IOException {
            return store.put(sha256, file, size);
        }

        @Override
        public boolean exists(String sha256) throws IOException {
            return store.exists(sha256);
        }

        @Override
        public long size(String sha256) throws IOException {
            return store.size(sha256);
        }

        @Override
        public InputStream open(String sha256, long offset, long length) throws IOException {
            return store.open(sha256, offset, length);
        }

        @Override
        public String version(String sha256) throws IOException {
            return store.version(sha256);
        }

        @Override
        public boolean delete(String sha256) throws IOException {
            return store.delete(sha256);
        }

        @Override
        public void forEachStored(Visitor visitor) throws IOException {
            store.forEachStored(visitor);
        }

        @Override
        public String name() {
            return store.name();
        }
    }

    @Test
    void refusesAMissingFile() throws IOException {
        Path stored = store.pathOf(photo.sha256());
        Files.delete(stored);

        assertThatThrownBy(() -> read(0, 10)).isInstanceOf(EvidenceIntegrityException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> files.size(photo.sha256())).isInstanceOf(EvidenceIntegrityException.class);
    }

    /** What a disk fault or someone with access to the server might do to a stored file. */
    private void changeOneByte(long offset) throws IOException {
        Path stored = store.pathOf(photo.sha256());
        assertThat(stored.toFile().setWritable(true)).isTrue();
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x01);
        }
    }

    private byte[] read(long offset, long length) throws IOException {
        try (InputStream in = files.openVerified(photo.sha256(), offset, length)) {
            return in.readAllBytes();
        }
    }
}
