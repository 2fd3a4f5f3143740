package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fingerprints of a picture as people see it. The file is decoded with subsampling, turned upright as its EXIF
 * orientation says, and trimmed of uniform borders, letterbox bars and short chrome bands (see
 * {@link GreyPicture#trimmed}), because a screenshot of a photo is scaled and framed and a global hash of the whole
 * screen cannot see the photo in it. Then two hashes are taken:
 * <ul>
 * <li>the textbook DCT pHash: 32 x 32 grey averages, a 2-D DCT, the 8 x 8 lowest frequencies (0..7, DC included
 * as a bit) each set when above the median of the 63 without DC;</li>
 * <li>a difference hash: 9 x 8 grey averages, a bit per neighbouring pair set when the right one is brighter.</li>
 * </ul>
 * Re-encoding, resizing, brightness or a light crop change few bits; a different picture about half. Store
 * {@link #ALGORITHM} and {@link #VERSION} beside a hash, since hashes made another way are not comparable.
 */
public final class PerceptualHash {

    public static final String ALGORITHM = "dct-phash-64";
    /** 2: textbook DCT block, hashed after orientation and trimming; 1 left out row and column 0. */
    public static final int VERSION = 2;

    private static final int SIZE = 32;
    private static final int LOW = 8;
    /** Decoding keeps at least this many pixels on the shorter side: enough to find bars and average smoothly. */
    private static final long DECODED_SHORT_SIDE = 256;
    /**
     * Below this spread of the 32 x 32 grey averages (grey levels, 0-255) the low frequencies are mostly
     * compression noise: re-encoding flips a third of the bits and every blank photo matches every other.
     */
    private static final double PLAIN_SPREAD = 6;
    private static final double[][] COSINES = cosines();
    /** The shares of each side that the windows of {@link #regions} keep, and the grid they are laid on. */
    private static final double[] CROP_SHARES = {0.95, 0.9};
    private static final double CROP_STEP = 0.025;

    private PerceptualHash() {
    }

    /** True for the image types decoded here (JPEG, PNG, WebP); HEIC has no hash. */
    public static boolean canHash(String mediaType) {
        return SubsampledImages.canDecode(mediaType);
    }

    /**
     * The fingerprint of a JPEG, PNG or WebP file shown with the given EXIF orientation (1 when it has none). Throws
     * {@link io.arbiter.common.UnsupportedContentException} for a file that cannot be decoded.
     */
    public static ImageFingerprint of(Path image, int orientation) {
        try {
            return of(GreyPicture.of(SubsampledImages.decode(image,
                    (width, height) -> Math.min(width, height) / DECODED_SHORT_SIDE)).upright(orientation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fingerprint of a decoded picture that stands as it should. */
    static ImageFingerprint of(BufferedImage image) {
        return of(GreyPicture.of(image));
    }

    static ImageFingerprint of(GreyPicture picture) {
        return of(picture, true);
    }

    /**
     * The fingerprint of a video frame: as a picture, without the regions, since a video's several frames are each
     * compared and indexed whole (see {@link VideoKeyframes}).
     */
    static ImageFingerprint ofFrame(BufferedImage frame) {
        return of(GreyPicture.of(frame), false);
    }

    private static ImageFingerprint of(GreyPicture picture, boolean withRegions) {
        GreyPicture trimmed = picture.trimmed();
        if (trimmed == null) {
            return new ImageFingerprint(true, hashes(picture), List.of());
        }
        ImageFingerprint.Hashes upright = hashes(trimmed);
        if (spread(trimmed.averages(SIZE, SIZE)) < PLAIN_SPREAD) {
            return new ImageFingerprint(true, upright, List.of());
        }
        List<ImageFingerprint.Hashes> turned = new ArrayList<>(3);
        GreyPicture turning = trimmed;
        for (int quarter = 1; quarter <= 3; quarter++) {
            turning = turning.turned();
            turned.add(hashes(turning));
        }
        List<ImageFingerprint.Region> regions = new ArrayList<>(withRegions ? regions(trimmed) : List.of());
        GreyPicture lessTrimmed = withRegions && trimmed != picture ? picture.barsTrimmed() : null;
        if (lessTrimmed != null && lessTrimmed.width() * lessTrimmed.height() > trimmed.width() * trimmed.height()) {
            regions.add(new ImageFingerprint.Region(lessTrimmed.box(0, 0, lessTrimmed.width(), lessTrimmed.height()),
                    hashes(lessTrimmed)));
        }
        return new ImageFingerprint(false, upright, turned, trimmed.box(0, 0, trimmed.width(), trimmed.height()),
                regions);
    }

    /**
     * The windows a light crop would leave: for each share of the sides in {@link #CROP_SHARES} (the same share of
     * the width and of the height), every position on a grid of {@link #CROP_STEP} of the sides. A crop of up to
     * 10% is then within half a step of one window at each edge, where the hashes of the whole picture are 14 to 18
     * bits away from it.
     */
    static List<ImageFingerprint.Region> regions(GreyPicture picture) {
        int width = picture.width();
        int height = picture.height();
        if (width < 2 * SIZE || height < 2 * SIZE) {
            return List.of();
        }
        List<ImageFingerprint.Region> regions = new ArrayList<>();
        for (double share : CROP_SHARES) {
            int w = (int) Math.round(width * share);
            int h = (int) Math.round(height * share);
            int positions = (int) Math.round((1 - share) / CROP_STEP);
            for (int j = 0; j <= positions; j++) {
                int y = Math.min(height - h, (int) Math.round(height * CROP_STEP * j));
                for (int i = 0; i <= positions; i++) {
                    int x = Math.min(width - w, (int) Math.round(width * CROP_STEP * i));
                    regions.add(new ImageFingerprint.Region(picture.box(x, y, w, h), new ImageFingerprint.Hashes(
                            phash(picture.averages(SIZE, SIZE, x, y, w, h)),
                            dhash(picture.averages(LOW + 1, LOW, x, y, w, h)))));
                }
            }
        }
        return regions;
    }

    private static ImageFingerprint.Hashes hashes(GreyPicture picture) {
        return new ImageFingerprint.Hashes(phash(picture.averages(SIZE, SIZE)), dhash(picture.averages(LOW + 1, LOW)));
    }

    /** How many of the 64 bits differ: 0 for the same picture, about 32 for unrelated ones. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    static long phash(double[][] grey) {
        double[][] rows = new double[SIZE][LOW];
        for (int y = 0; y < SIZE; y++) {
            for (int u = 0; u < LOW; u++) {
                double sum = 0;
                for (int x = 0; x < SIZE; x++) {
                    sum += grey[y][x] * COSINES[u][x];
                }
                rows[y][u] = sum;
            }
        }
        double[] low = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double sum = 0;
                for (int y = 0; y < SIZE; y++) {
                    sum += rows[y][u] * COSINES[v][y];
                }
                low[v * LOW + u] = sum;
            }
        }
        double[] ac = Arrays.copyOfRange(low, 1, low.length);
        Arrays.sort(ac);
        double median = ac[ac.length / 2];
        long hash = 0;
        for (int i = 0; i < low.length; i++) {
            if (low[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    static long dhash(double[][] grey) {
        long hash = 0;
        int bit = 0;
        for (int y = 0; y < LOW; y++) {
            for (int x = 0; x < LOW; x++) {
                if (grey[y][x + 1] > grey[y][x]) {
                    hash |= 1L << bit;
                }
                bit++;
            }
        }
        return hash;
    }

    private static double spread(double[][] grey) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (double[] row : grey) {
            for (double value : row) {
                sum += value;
                squares += value * value;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    /** cos((2x + 1) u pi / 64) for the frequencies u used and every position x. */
    private static double[][] cosines() {
        double[][] cosines = new double[LOW][SIZE];
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                cosines[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
            }
        }
        return cosines;
    }
}
