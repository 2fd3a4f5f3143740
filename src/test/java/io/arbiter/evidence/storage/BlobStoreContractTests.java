package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.Sha256;
import io.arbiter.support.Race;
import io.arbiter.support.TestClock;

/** What every {@link BlobStore} promises, run against each implementation by a subclass. */
abstract class BlobStoreContractTests {

    private static final String ABSENT = Sha256.hex("never stored");

    @TempDir
    Path work;

    StagedFile blob;
    BlobStore store;

    /** A new, empty store for each test. */
    abstract BlobStore newStore() throws Exception;

    /**
     * What a disk fault or someone with access to the storage might do: the stored bytes of {@code sha256} become
     * {@code bytes}, behind the store's back, with whatever of the old file's traces can be kept (its length and
     * modification time on a file system).
     */
    abstract void tamper(String sha256, byte[] bytes) throws Exception;

    @BeforeEach
    void newStoreAndBlob() throws Exception {
        store = newStore();
        blob = TestBlobs.write(work.resolve("blob"), 200_000, 42);
    }

    @Test
    void storesNewBytesOnceAndSaysWhetherTheyWereNew() throws Exception {
        assertThat(store.exists(blob.sha256())).isFalse();

        assertThat(store.put(blob.sha256(), blob.path(), blob.size())).isTrue();
        assertThat(store.put(blob.sha256(), blob.path(), blob.size())).isFalse();

        assertThat(store.exists(blob.sha256())).isTrue();
        assertThat(store.size(blob.sha256())).isEqualTo(blob.size());
        assertThat(TestBlobs.sha256Of(store.open(blob.sha256(), 0, -1))).isEqualTo(blob.sha256());
        assertThat(blob.path()).as("the source stays for the caller to delete").exists();
    }

    @Test
    void readsAnyRange() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());

        assertRange(0, 10);
        assertRange(123_456, 5_000);
        assertRange(150_000, -1);
        assertRange(99_999, 1);
        assertRange(blob.size() - 1, 1);
        assertThat(read(blob.size() - 5, 100)).as("a range past the end stops at the end")
                .isEqualTo(TestBlobs.range(blob.path(), blob.size() - 5, 5));
        assertThat(read(blob.size(), -1)).as("an offset at the end gives nothing").isEmpty();
        assertThat(read(blob.size() + 10, 3)).as("an offset past the end gives nothing").isEmpty();
        assertThat(read(10, 0)).isEmpty();
    }

    @Test
    void closingARangeEarlyDoesNotReadTheRest() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());

        try (InputStream in = store.open(blob.sha256(), 0, -1)) {
            assertThat(in.read()).isEqualTo(TestBlobs.range(blob.path(), 0, 1)[0] & 0xff);
        }
        assertRange(1, 1000);
    }

    @Test
    void aMissingBlobIsNoSuchFile() {
        assertThatThrownBy(() -> store.open(ABSENT, 0, -1)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size(ABSENT)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesKeysThatAreNotAFingerprint() {
        for (String key : List.of("../../etc/passwd", "ABCDEF" + ABSENT.substring(6), ABSENT + "0", "")) {
            assertThatThrownBy(() -> store.put(key, blob.path(), blob.size()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(key, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFileWhoseLengthIsNotItsStagedSizeStoresNothing() throws Exception {
        assertThatThrownBy(() -> store.put(blob.sha256(), blob.path(), blob.size() + 1))
                .isInstanceOf(IOException.class).hasMessageContaining("not the " + (blob.size() + 1));
        assertThatThrownBy(() -> store.put(blob.sha256(), blob.path(), blob.size() - 1))
                .isInstanceOf(IOException.class).hasMessageContaining("not the " + (blob.size() - 1));

        assertThat(store.exists(blob.sha256())).isFalse();
    }

    @Test
    void eightThreadsStoringTheSameBytesAtOnceLeaveOneIntactCopy() throws Exception {
        List<Callable<Boolean>> puts = Collections.nCopies(8, () -> store.put(blob.sha256(), blob.path(), blob.size()));

        List<Boolean> stored = Race.together(puts);

        assertThat(stored).contains(true);
        assertThat(store.size(blob.sha256())).isEqualTo(blob.size());
        assertThat(TestBlobs.sha256Of(store.open(blob.sha256(), 0, -1))).isEqualTo(blob.sha256());
        assertThat(store.put(blob.sha256(), blob.path(), blob.size())).isFalse();
    }

    @Test
    void differentBytesAreDifferentBlobs() throws Exception {
        StagedFile other = TestBlobs.write(work.resolve("other"), 1_000, 7);

        assertThat(store.put(blob.sha256(), blob.path(), blob.size())).isTrue();
        assertThat(store.put(other.sha256(), other.path(), other.size())).isTrue();

        assertThat(read(0, -1)).isEqualTo(Files.readAllBytes(blob.path()));
        try (InputStream in = store.open(other.sha256(), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(other.path()));
        }
    }

    @Test
    void aVersionStaysWhileTheBytesDoAndChangesWithThem() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());
        String version = store.version(blob.sha256());
        assertThat(store.version(blob.sha256())).isEqualTo(version);

        byte[] changed = Files.readAllBytes(blob.path());
        changed[150_000] ^= 0x01;
        tamper(blob.sha256(), changed);

        assertThat(store.version(blob.sha256())).isNotEqualTo(version);
        assertThatThrownBy(() -> store.version(ABSENT)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileChangedAfterAVerifiedReadIsRefusedAtTheVeryNextRead() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());
        EvidenceFiles files = new EvidenceFiles(store, new TestClock(Instant.parse("2026-03-02T10:00:00Z")),
                Duration.ofMinutes(10));
        try (InputStream in = files.openVerified(blob.sha256(), 0, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(TestBlobs.range(blob.path(), 0, 10));
        }

        byte[] changed = Files.readAllBytes(blob.path());
        changed[0] ^= 0x01;
        tamper(blob.sha256(), changed);

        assertThatThrownBy(() -> files.openVerified(blob.sha256(), 0, 10))
                .as("no earlier check stands for bytes that changed since")
                .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("no longer matches");
    }

    @Test
    void listsEveryStoredBlobAndDeletesOnlyTheOneNamed() throws Exception {
        StagedFile other = TestBlobs.write(work.resolve("other"), 1_000, 7);
        store.put(blob.sha256(), blob.path(), blob.size());
        store.put(other.sha256(), other.path(), other.size());

        assertThat(listed()).containsOnlyKeys(blob.sha256(), other.sha256());
        assertThat(listed().get(blob.sha256())).isBetween(Instant.now().minusSeconds(600), Instant.now().plusSeconds(60));

        assertThat(store.delete(other.sha256())).isTrue();
        assertThat(store.delete(other.sha256())).as("already gone").isFalse();

        assertThat(listed()).containsOnlyKeys(blob.sha256());
        assertThat(store.exists(other.sha256())).isFalse();
        assertThat(TestBlobs.sha256Of(store.open(blob.sha256(), 0, -1))).isEqualTo(blob.sha256());
        assertThat(store.put(other.sha256(), other.path(), other.size())).as("stored anew").isTrue();
    }

    Map<String, Instant> listed() throws IOException {
        Map<String, Instant> stored = new HashMap<>();
        store.forEachStored(stored::put);
        return stored;
    }

    void assertRange(long offset, int length) throws IOException {
        int expected = length < 0 ? (int) (blob.size() - offset) : length;
        assertThat(read(offset, length)).as("bytes %d+%d", offset, length)
                .isEqualTo(TestBlobs.range(blob.path(), offset, expected));
    }

    byte[] read(long offset, long length) throws IOException {
        try (InputStream in = store.open(blob.sha256(), offset, length)) {
            return in.readAllBytes();
        }
    }
}
