package io.arbiter.evidence.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * When two fingerprints are the same picture, and how to find the candidates without comparing with every stored
 * one. A stored picture is a near copy of a new one when, in one of the new one's four quarter-turns, the pHashes
 * differ in at most {@link #PHASH_RADIUS} bits and the difference hashes in at most {@link #DHASH_RADIUS}: two
 * independent hashes must agree, which keeps unrelated pictures (and other regions of the same scene) apart while
 * a generous pHash radius still catches crops and screenshots.
 *
 * <p>Candidates come from multi-index hashing: the 64-bit pHash is cut into four 16-bit chunks; two hashes within
 * {@link #PHASH_RADIUS} bits agree to within {@link #CHUNK_RADIUS} bits in at least one chunk (pigeonhole), so a
 * lookup of each chunk's neighbours within that radius finds every candidate.
 */
public final class NearCopies {

    public static final int PHASH_RADIUS = 11;
    public static final int DHASH_RADIUS = 16;
    public static final int CHUNKS = 4;
    static final int CHUNK_RADIUS = PHASH_RADIUS / CHUNKS;

    private NearCopies() {
    }

    /**
     * The pHash distance by which the stored picture is a near copy of the new one (in the closest turn), empty
     * when it is not one. Plain pictures are never near copies of anything.
     */
    public static OptionalInt distance(ImageFingerprint incoming, long storedPhash, long storedDhash) {
        if (incoming.plain()) {
            return OptionalInt.empty();
        }
        int best = Integer.MAX_VALUE;
        List<ImageFingerprint.Hashes> turns = new ArrayList<>(incoming.turned().size() + 1);
        turns.add(incoming.upright());
        turns.addAll(incoming.turned());
        for (ImageFingerprint.Hashes turn : turns) {
            int phash = PerceptualHash.distance(turn.phash(), storedPhash);
            if (phash <= PHASH_RADIUS && PerceptualHash.distance(turn.dhash(), storedDhash) <= DHASH_RADIUS) {
                best = Math.min(best, phash);
            }
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** Chunk {@code part} (0 to 3) of a hash, as an unsigned 16-bit value. */
    public static int chunk(long hash, int part) {
        return (int) ((hash >>> (16 * part)) & 0xFFFF);
    }

    /** Every 16-bit value within {@link #CHUNK_RADIUS} bits of the chunk, itself first. */
    public static List<Integer> neighbours(int chunk) {
        List<Integer> values = new ArrayList<>();
        values.add(chunk);
        for (int i = 0; i < 16; i++) {
            values.add(chunk ^ (1 << i));
            for (int j = i + 1; j < 16 && CHUNK_RADIUS >= 2; j++) {
                values.add(chunk ^ (1 << i) ^ (1 << j));
            }
        }
        return values;
    }
}
