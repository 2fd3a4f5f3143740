package io.arbiter.evidence.inspection;

import java.util.List;
import java.util.Optional;

/**
 * What makes two pictures comparable: two 64-bit hashes of the picture as people see it (upright, without bars
 * and phone chrome), the same hashes of its three quarter-turns, for finding a copy whose pixels were turned, and
 * the hashes of {@code regions}: windows of the picture shaped as a light crop of it would be, so that a crop of
 * this picture, whole, looks like one of them, and, when trimming cut something, the picture {@linkplain #lessTrimmed
 * less trimmed}, since where a faint band counts as plain moves with brightness and crops. {@code whole} is where
 * the compared picture lies in the upright one (bars trimmed). A picture that is {@code plain} (a blank wall, a
 * clear sky) has hashes made of noise and is compared with nothing. Compare hashes with
 * {@link PerceptualHash#distance}, fingerprints with {@link NearCopies#match}.
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

    /**
     * The picture trimmed only of edges flat as drawn bars are (untrimmed for most photos), when trimming cut more:
     * a copy trimmed otherwise, or not at all, meets the picture there. It is kept among the regions, the one larger
     * than the picture {@code whole} (the others are windows of it).
     */
    public Optional<Region> lessTrimmed() {
        long area = (long) whole.width() * whole.height();
        return regions.stream().filter(region -> (long) region.box().width() * region.box().height() > area)
                .findFirst();
    }

    /** A fingerprint without regions, of a picture taken whole. */
    public ImageFingerprint(boolean plain, Hashes upright, List<Hashes> turned) {
        this(plain, upright, turned, Box.ALL, List.of());
    }
}
