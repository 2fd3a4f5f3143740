package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.arbiter.support.TestClock;

/**
 * Blobs that no evidence names go: at once when the request that stored them failed, and after the grace period
 * when nobody took them back (a crash). Blobs that evidence names stay, on the file system and in S3 alike.
 */
class BlobReaperTests {

    private static final Duration GRACE = Duration.ofDays(1);

    @TempDir
    Path work;

    /** What the evidence table names; the test adds and removes rows by hand. */
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final TestClock clock = new TestClock(Instant.now());
    private BlobStore store;
    private BlobReaper reaper;

    private void open(String type) throws Exception {
        store = type.equals("s3")
                ? new S3BlobStore(S3ProxyServer.client(), S3ProxyServer.newBucket(), "evidence/", 16L << 20, 8L << 20)
                : new FileSystemBlobStore(Files.createDirectories(work.resolve("root")));
        reaper = new BlobReaper(store, candidates -> {
            Set<String> found = new HashSet<>(candidates);
            found.retainAll(named);
            return found;
        }, clock, GRACE);
    }

    @AfterEach
    void close() {
        if (store instanceof S3BlobStore s3) {
            s3.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesystem", "s3"})
    void reapsOnlyBlobsThatNoEvidenceNamesOnceTheGracePeriodIsOver(String type) throws Exception {
        open(type);
        StagedFile orphan = stored(1);
        StagedFile evidence = stored(2);
        StagedFile thumbnail = stored(3);
        named.add(evidence.sha256());
        named.add(thumbnail.sha256());

        clock.advance(GRACE.minusMinutes(5));
        assertThat(reaper.reap()).as("an unnamed blob may belong to a request still recording it").isZero();

        clock.advance(Duration.ofMinutes(10));
        assertThat(reaper.reap()).isEqualTo(1);

        assertThat(store.exists(orphan.sha256())).isFalse();
        assertThat(store.exists(evidence.sha256())).isTrue();
        assertThat(store.exists(thumbnail.sha256())).isTrue();
        assertThat(reaper.reap()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesystem", "s3"})
    void aFailedRequestTakesBackItsBlobUnlessEvidenceNamesIt(String type) throws Exception {
        open(type);
        StagedFile failed = stored(4);
        StagedFile shared = stored(5);
        named.add(shared.sha256());

        reaper.takeBack(failed);
        reaper.takeBack(shared);

        assertThat(store.exists(failed.sha256())).isFalse();
        assertThat(store.exists(shared.sha256())).as("another request recorded the same bytes").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesystem", "s3"})
    void aRequestThatRecordedABlobATwinTookBackStoresItAgain(String type) throws Exception {
        open(type);
        StagedFile file = stored(6);
        store.delete(file.sha256());
        named.add(file.sha256());

        reaper.keep(file);

        assertThat(store.exists(file.sha256())).isTrue();
        assertThat(TestBlobs.sha256Of(store.open(file.sha256(), 0, -1))).isEqualTo(file.sha256());
    }

    private StagedFile stored(long seed) throws Exception {
        StagedFile file = TestBlobs.write(work.resolve("blob-" + seed), 10_000 + seed, seed);
        assertThat(store.put(file.sha256(), file.path(), file.size())).isTrue();
        return file;
    }
}
