package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A 64-bit perceptual hash (the DCT hash of pHash): the picture is averaged down to 32 x 32 grey levels, transformed
 * with a 2-D DCT, and the 8 x 8 lowest frequencies after the constant term each give one bit, set when above their
 * median. Re-encoding, resizing or a light crop changes few bits; a different picture about half. Compare two hashes
 * with {@link #distance}; store {@link #ALGORITHM} and {@link #VERSION} beside a hash, since hashes made another
 * way are not comparable.
 */
public final class PerceptualHash {

    public static final String ALGORITHM = "dct-phash-64";
    public static final int VERSION = 1;

    private static final int SIZE = 32;
    private static final int LOW = 8;
    /** Decoding keeps at least this many pixels on the shorter side, enough for the 32 x 32 average to be smooth. */
    private static final long DECODED_SHORT_SIDE = 256;
    private static final double[][] COSINES = cosines();

    private PerceptualHash() {
    }

    /** True for the image types the JDK decodes (JPEG, PNG); WebP and HEIC have no hash. */
    static boolean canHash(String mediaType) {
        return mediaType.equals(ContentTypes.JPEG) || mediaType.equals(ContentTypes.PNG);
    }

    /**
     * The hash of a JPEG or PNG file, decoded with subsampling. Throws
     * {@link io.arbiter.common.UnsupportedContentException} for a file that is not one or cannot be decoded.
     */
    public static long of(Path image) {
        try {
            return of(SubsampledImages.decode(image, (width, height) -> Math.min(width, height) / DECODED_SHORT_SIDE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long of(BufferedImage image) {
        double[][] grey = greyAverages(image);
        double[] low = new double[LOW * LOW];
        double[][] rows = new double[SIZE][LOW];
        for (int y = 0; y < SIZE; y++) {
            for (int u = 0; u < LOW; u++) {
                double sum = 0;
                for (int x = 0; x < SIZE; x++) {
                    sum += grey[y][x] * COSINES[u + 1][x];
                }
                rows[y][u] = sum;
            }
        }
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double sum = 0;
                for (int y = 0; y < SIZE; y++) {
                    sum += rows[y][u] * COSINES[v + 1][y];
                }
                low[v * LOW + u] = sum;
            }
        }
        double[] sorted = low.clone();
        Arrays.sort(sorted);
        double median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        long hash = 0;
        for (int i = 0; i < low.length; i++) {
            if (low[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /** How many of the 64 bits differ: 0 for the same picture, about 32 for unrelated ones. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Luminance averaged over the pixels that fall into each of the 32 x 32 cells. */
    private static double[][] greyAverages(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        double[][] sums = new double[SIZE][SIZE];
        int[][] counts = new int[SIZE][SIZE];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            int cellY = (int) ((long) y * SIZE / height);
            for (int x = 0; x < width; x++) {
                int cellX = (int) ((long) x * SIZE / width);
                sums[cellY][cellX] += luminance(row[x]);
                counts[cellY][cellX]++;
            }
        }
        double[][] grey = new double[SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                // A picture narrower than 32 pixels leaves cells empty: they take the pixel they fall on.
                grey[y][x] = counts[y][x] > 0 ? sums[y][x] / counts[y][x]
                        : luminance(image.getRGB(x * width / SIZE, y * height / SIZE));
            }
        }
        return grey;
    }

    private static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    /** cos((2x + 1) u pi / 64) for the frequencies u used and every position x. */
    private static double[][] cosines() {
        double[][] cosines = new double[LOW + 1][SIZE];
        for (int u = 0; u <= LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                cosines[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
            }
        }
        return cosines;
    }
}
