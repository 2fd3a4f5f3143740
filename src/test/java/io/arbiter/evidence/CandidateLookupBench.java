package io.arbiter.evidence;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.PerceptualHash;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;

/**
 * The cost of looking up near-copy candidates for one upload with many photos stored: runs only when
 * {@code ARBITER_BENCH_CANDIDATES} gives how many photos to store (their fingerprints are written as an upload writes
 * them). Prints, per lookup of a new photo (half of them copies of stored ones): the chunk index rows it reads, the
 * candidates that match by those rows' hashes and whose regions are read, their comparison's matches, wall and this
 * thread's CPU time (which includes H2's work, not PostgreSQL's).
 */
class CandidateLookupBench extends ApiTest {

    private static final int LOOKUPS = 20;

    @Autowired
    EvidenceRecords records;
    @Autowired
    ImageFingerprints fingerprints;

    @Test
    void lookUpCandidatesAmongManyStoredPhotos() throws Exception {
        String stored = System.getenv("ARBITER_BENCH_CANDIDATES");
        Assumptions.assumeTrue(stored != null, "set ARBITER_BENCH_CANDIDATES to run");
        int count = Integer.parseInt(stored);
        Case dispute = marketplace.disputeInQueue();
        Path file = Files.createTempFile("arbiter-bench-", ".jpg");
        try {
            for (int i = 0; i < count; i++) {
                ImageFingerprint fingerprint = fingerprint(file, 100_000 + i, 0.9f);
                if (fingerprint.plain()) {
                    continue;
                }
                UUID id = UUID.randomUUID();
                byte[] sha = new byte[32];
                new Random(i).nextBytes(sha);
                records.insert(new StoredEvidence(id, UUID.fromString(dispute.id()), Party.BUYER, "bench",
                        EvidenceKind.PHOTO, "bench", null, null, "photo.jpg", "image/jpeg", 1L,
                        HexFormat.of().formatHex(sha), null, fingerprint.upright().phash(), PerceptualHash.ALGORITHM,
                        320, 240, null, null, null, null, null, java.time.Instant.now(), null, null));
                fingerprints.insert(id, fingerprint);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long chunkRows = 0;
            long candidates = 0;
            long matches = 0;
            long wall = 0;
            long cpu = 0;
            for (int i = 0; i < LOOKUPS; i++) {
                // Even lookups are copies (re-encoded) of stored photos, odd ones new pictures.
                long seed = i % 2 == 0 ? 100_000 + i * (count / LOOKUPS) : 900_000 + i;
                ImageFingerprint fingerprint = fingerprint(file, seed, 0.6f);
                chunkRows += fingerprints.chunkRows(List.of(fingerprint), UUID.randomUUID()).size();
                candidates += fingerprints.candidates(List.of(fingerprint), UUID.randomUUID()).size();
                long startWall = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                matches += fingerprints.nearCopies(List.of(fingerprint), UUID.randomUUID()).size();
                cpu += threads.getCurrentThreadCpuTime() - startCpu;
                wall += System.nanoTime() - startWall;
            }
            System.out.printf("CANDIDATE-BENCH stored=%d lookups=%d chunk rows/lookup=%.1f candidates/lookup=%.2f"
                            + " matches/lookup=%.2f wall ms/lookup=%.1f cpu ms/lookup=%.1f"
                            + " (the whole lookup: chunk rows, their candidates' fingerprints, the comparison)%n",
                    count, LOOKUPS, (double) chunkRows / LOOKUPS, (double) candidates / LOOKUPS,
                    (double) matches / LOOKUPS, wall / 1e6 / LOOKUPS, cpu / 1e6 / LOOKUPS);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ImageFingerprint fingerprint(Path file, long seed, float quality) throws Exception {
        Files.write(file, SampleFiles.jpeg(SampleFiles.picture(320, 240, seed), quality));
        return PerceptualHash.of(file, 1);
    }
}
