package io.arbiter.evidence.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When two fingerprints are the same picture, and how to find the candidates without comparing with every stored
 * one. A stored picture is a near copy of a new one when, in one of the new one's four quarter-turns (or trimmed
 * less, see {@link #wholes}), the pHashes differ in at most {@link #PHASH_RADIUS} bits and the difference hashes in
 * at most {@link #DHASH_RADIUS}: two independent hashes must agree, which keeps unrelated pictures (and other
 * regions of the same scene) apart while a generous pHash radius still catches screenshots. Crops are caught through regions: the new picture whole
 * against a window of the stored one, or a window of the new one against the stored one whole (see
 * {@link #match}).
 *
 * <p>Candidates come from multi-index hashing: the 64-bit pHash is cut into four 16-bit chunks; two hashes within
 * {@link #PHASH_RADIUS} bits agree to within {@link #CHUNK_RADIUS} bits in at least one chunk (pigeonhole), so a
 * lookup of each chunk's neighbours within that radius finds every candidate.
 */
public final class NearCopies {

    public static final int PHASH_RADIUS = 11;
    /**
     * A window matched against a whole picture must be closer: true crops land 0-6 bits from their window, while
     * two abstract gradients (Plasma's ColdRipple and Kay) met at 10 bits through one of their 68 windows.
     */
    static final int REGION_PHASH_RADIUS = 8;
    public static final int DHASH_RADIUS = 16;
    /**
     * Or a window within {@link #PHASH_RADIUS} whose difference hash confirms it within this: crops whose window
     * lies between two grid positions land 9-11 bits away in pHash but 4-7 in difference hash, while the
     * ColdRipple-Kay pairs, the only different photos of bench/integrity within 11 bits through a window, differ in
     * 12-14 bits of it.
     */
    static final int REGION_DHASH_CONFIRMATION = 8;
    public static final int CHUNKS = 4;
    static final int CHUNK_RADIUS = PHASH_RADIUS / CHUNKS;

    private NearCopies() {
    }

    /**
     * Where two pictures are the same and how far apart their hashes are there: {@code incoming} and {@code stored}
     * are the matched rectangles of each upright picture (the whole picture, or the window of it that the other
     * one is a crop of).
     */
    public record Match(int distance, ImageFingerprint.Box incoming, ImageFingerprint.Box stored) {
    }

    /**
     * How the stored picture is a near copy of the new one, closest first: the new picture whole (in one of its four
     * quarter-turns) against the stored one whole or against one of its {@linkplain ImageFingerprint#regions
     * regions} (the new one is a crop of it), or a region of the new upright picture against the stored one whole
     * (the stored one is a crop of it). Empty when it is not one; plain pictures are never near copies of anything.
     */
    public static Optional<Match> match(ImageFingerprint incoming, ImageFingerprint stored) {
        if (incoming.plain() || stored.plain()) {
            return Optional.empty();
        }
        Match best = null;
        for (ImageFingerprint.Region candidate : wholeRegions(incoming).toList()) {
            ImageFingerprint.Hashes whole = candidate.hashes();
            ImageFingerprint.Box box = candidate.box();
            best = closer(best, whole, stored.upright(), box, stored.whole(), false);
            for (ImageFingerprint.Region region : stored.regions()) {
                best = closer(best, whole, region.hashes(), box, region.box(), true);
            }
        }
        for (ImageFingerprint.Region region : incoming.regions()) {
            best = closer(best, region.hashes(), stored.upright(), region.box(), stored.whole(), true);
        }
        return Optional.ofNullable(best);
    }

    private static Match closer(Match best, ImageFingerprint.Hashes a, ImageFingerprint.Hashes b,
                                ImageFingerprint.Box aBox, ImageFingerprint.Box bBox, boolean window) {
        boolean close = window ? closeAsWindow(a, b) : close(a, b);
        if (close && (best == null || PerceptualHash.distance(a.phash(), b.phash()) < best.distance())) {
            return new Match(PerceptualHash.distance(a.phash(), b.phash()), aBox, bBox);
        }
        return best;
    }

    private static boolean close(ImageFingerprint.Hashes a, ImageFingerprint.Hashes b) {
        return PerceptualHash.distance(a.phash(), b.phash()) <= PHASH_RADIUS
                && PerceptualHash.distance(a.dhash(), b.dhash()) <= DHASH_RADIUS;
    }

    /** A window against a whole picture: closer in pHash, or as close as wholes and confirmed by the other hash. */
    private static boolean closeAsWindow(ImageFingerprint.Hashes a, ImageFingerprint.Hashes b) {
        int phash = PerceptualHash.distance(a.phash(), b.phash());
        int dhash = PerceptualHash.distance(a.dhash(), b.dhash());
        return (phash <= REGION_PHASH_RADIUS && dhash <= DHASH_RADIUS)
                || (phash <= PHASH_RADIUS && dhash <= REGION_DHASH_CONFIRMATION);
    }

    /**
     * Whether a stored picture whose hashes whole (or a video frame's) are {@code stored} can be a near copy of the
     * new one by them: {@link #match} would pair them there, the new picture whole (see {@link #wholes}) or one of
     * its regions against them. Decides from the hashes alone, before the stored picture's regions are read.
     */
    public static boolean matchesWhole(ImageFingerprint incoming, ImageFingerprint.Hashes stored) {
        return !incoming.plain() && (wholes(incoming).anyMatch(whole -> close(whole, stored))
                || incoming.regions().stream().anyMatch(region -> closeAsWindow(region.hashes(), stored)));
    }

    /**
     * Whether a stored picture with a region whose hashes are {@code stored} can be a near copy of the new one by
     * that region: {@link #match} would pair the new picture whole (see {@link #wholes}) with it.
     */
    public static boolean matchesRegion(ImageFingerprint incoming, ImageFingerprint.Hashes stored) {
        return !incoming.plain() && wholes(incoming).anyMatch(whole -> closeAsWindow(whole, stored));
    }

    /**
     * The hashes that stand for the picture whole when it is compared: upright, in its three other quarter-turns,
     * and {@linkplain ImageFingerprint#lessTrimmed less trimmed} (so that a copy trimmed otherwise still meets it).
     */
    public static Stream<ImageFingerprint.Hashes> wholes(ImageFingerprint picture) {
        return wholeRegions(picture).map(ImageFingerprint.Region::hashes);
    }

    /** {@link #wholes} with where each lies in the upright picture. */
    private static Stream<ImageFingerprint.Region> wholeRegions(ImageFingerprint picture) {
        return Stream.concat(turns(picture).map(turn -> new ImageFingerprint.Region(picture.whole(), turn)),
                picture.lessTrimmed().stream());
    }

    private static Stream<ImageFingerprint.Hashes> turns(ImageFingerprint picture) {
        return Stream.concat(Stream.of(picture.upright()), picture.turned().stream());
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
