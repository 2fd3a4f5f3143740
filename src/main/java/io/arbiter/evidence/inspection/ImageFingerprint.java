package io.arbiter.evidence.inspection;

import java.util.List;
import java.util.Optional;

/**
 * What makes two pictures comparable: two 64-bit hashes of the picture as people see it (upright, without bars
 * and phone chrome), the same hashes of its three quarter-turns, for finding a copy whose pixels were turned, and
 * the hashes of {@code regions}: windows of the picture shaped as a light crop of it would be, so that a crop of
 * this picture, whole, looks like one of them, and, when trimming cut something, the picture untrimmed (its box is
 * {@link Box#ALL}), since where a plain band ends moves with brightness and crops and a copy may be trimmed otherwise. {@code whole} is where the compared picture lies in the upright one
 * (bars trimmed). A picture that is {@code plain} (a blank wall, a clear sky) has hashes made of noise and is
 * compared with nothing. Compare hashes with {@link PerceptualHash#distance}, fingerprints with
 * {@link NearCopies#match}.
 */
public record ImageFingerprint(boolean plain, Hashes upright, List<Hashes> turned, Box whole, List<Region> regions) {

    /** The DCT pHash and the difference hash of one orientation. */
    public record Hashes(long phash, long dhash) {
    }

    /**
     * A rectangle of the upright picture, in ten-thousandths of its width and height (so that it holds at any
     * size the picture is shown).
     */
    public record Box(int x, int y, int width, int height) {

        public static final int SCALE = 10_000;
        public static final Box ALL = new Box(0, 0, SCALE, SCALE);
    }

    /** The hashes of a window of the picture, and where that window is. */
    public record Region(Box box, Hashes hashes) {
    }

    public ImageFingerprint {
        turned = List.copyOf(turned);
        regions = List.copyOf(regions);
    }

    /** The hashes of the picture before bars and plain bands were trimmed, when trimming cut something. */
    public Optional<Hashes> untrimmed() {
        return regions.stream().filter(region -> region.box().equals(Box.ALL)).map(Region::hashes).findFirst();
    }

    /** A fingerprint without regions, of a picture taken whole. */
    public ImageFingerprint(boolean plain, Hashes upright, List<Hashes> turned) {
        this(plain, upright, turned, Box.ALL, List.of());
    }
}
