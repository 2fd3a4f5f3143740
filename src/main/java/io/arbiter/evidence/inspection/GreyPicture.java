package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The luminance of a picture, small enough to hash, with what hashing needs done to it first: turned upright as
 * its EXIF orientation says, and cut down to the part that carries the picture (without the bars and phone chrome
 * a screenshot frames it with). Immutable (the integral image is made once, when first needed).
 */
final class GreyPicture {

    /** A row or column is plain when at least this share of its pixels lies close to its most common grey. */
    private static final double PLAIN_SHARE = 0.97;
    private static final int PLAIN_TOLERANCE = 8;
    /**
     * The tolerance of {@link #barsTrimmed}: drawn bars and chrome are flat to a grey level or two, while a faint band
     * of a photo (haze, a wall) has grain that the tolerance above counts as plain or not depending on brightness.
     */
    private static final int BAR_TOLERANCE = 2;
    /**
     * A band of detail at most this share of a side, between plain bars at an edge, is chrome (a status bar, a
     * navigation bar), not the picture; the bar after it must be at least {@link #MIN_BAR_SHARE} of the side.
     */
    private static final double CHROME_SHARE = 0.08;
    private static final double MIN_BAR_SHARE = 0.02;
    private static final int CHROME_BANDS = 2;
    /** What is left after trimming must keep this share of each side, or the picture is taken whole. */
    private static final double MIN_KEPT = 0.2;

    private final float[] grey;
    private final int width;
    private final int height;
    /** Where this picture lies in the upright picture it was trimmed from: left, top, width, height of that one. */
    private final int[] within;
    private double[] integral;

    private GreyPicture(float[] grey, int width, int height) {
        this(grey, width, height, new int[] {0, 0, width, height});
    }

    private GreyPicture(float[] grey, int width, int height, int[] within) {
        this.grey = grey;
        this.width = width;
        this.height = height;
        this.within = within;
    }

    static GreyPicture of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] grey = new float[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int rgb = row[x];
                grey[y * width + x] = (float) (0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF)
                        + 0.114 * (rgb & 0xFF));
            }
        }
        return new GreyPicture(grey, width, height);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Turned as EXIF orientation 1 to 8 asks (2, 4, 5 and 7 also mirror), so that it stands as people see it. */
    GreyPicture upright(int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return this;
        }
        boolean swapped = orientation >= 5;
        int w = swapped ? height : width;
        int h = swapped ? width : height;
        float[] turned = new float[w * h];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tx;
                int ty;
                switch (orientation) {
                    case 2 -> { tx = width - 1 - x; ty = y; }
                    case 3 -> { tx = width - 1 - x; ty = height - 1 - y; }
                    case 4 -> { tx = x; ty = height - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = height - 1 - y; ty = x; }
                    case 7 -> { tx = height - 1 - y; ty = width - 1 - x; }
                    default -> { tx = y; ty = width - 1 - x; }
                }
                turned[ty * w + tx] = grey[y * width + x];
            }
        }
        return new GreyPicture(turned, w, h);
    }

    /** A quarter turn clockwise. */
    GreyPicture turned() {
        return upright(6);
    }

    /**
     * Without what frames the picture: uniform rows and columns at its edges (borders, letterbox bars) and, beyond
     * such a bar, a short band of detail followed by more bar (a phone's status or navigation bar). Only the edges
     * are cut, never a plain band inside the picture, so the same picture is cut the same way however it was framed.
     * Null when every row is plain, which is a picture too plain to compare.
     */
    GreyPicture trimmed() {
        return trimmed(PLAIN_TOLERANCE);
    }

    /**
     * As {@link #trimmed}, counting a line plain only when it is flat as drawn bars are: what a screenshot adds is cut,
     * a faint band of the photo is kept. {@code this} when nothing is cut; null when every row is plain.
     */
    GreyPicture barsTrimmed() {
        return trimmed(BAR_TOLERANCE);
    }

    private GreyPicture trimmed(int tolerance) {
        boolean[] plainRows = plainLines(height, width, true, 0, width, tolerance);
        int top = edge(plainRows, true);
        if (top == height) {
            return null;
        }
        int bottom = edge(plainRows, false);
        if (bottom <= top) {
            return null;
        }
        boolean[] plainColumns = plainLines(width, bottom - top, false, top, width, tolerance);
        int left = edge(plainColumns, true);
        int right = edge(plainColumns, false);
        int w = right - left;
        int h = bottom - top;
        if (w <= 0 || w < width * MIN_KEPT || h < height * MIN_KEPT || (w == width && h == height)) {
            return this;
        }
        float[] cut = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(grey, (top + y) * width + left, cut, y * w, w);
        }
        return new GreyPicture(cut, w, h, new int[] {left, top, width, height});
    }

    /** Where a window of this picture (in its own pixels) lies in the upright picture it was trimmed from. */
    ImageFingerprint.Box box(int x, int y, int w, int h) {
        int scale = ImageFingerprint.Box.SCALE;
        return new ImageFingerprint.Box((int) ((long) (within[0] + x) * scale / within[2]),
                (int) ((long) (within[1] + y) * scale / within[3]), (int) ((long) w * scale / within[2]),
                (int) ((long) h * scale / within[3]));
    }

    /** Where the picture starts (from the start) or ends (from the end) along a line of plain flags. */
    private static int edge(boolean[] plain, boolean fromStart) {
        int length = plain.length;
        int kept = 0;
        int at = 0;
        for (int band = 0; band <= CHROME_BANDS; band++) {
            int bar = at;
            while (bar < length && plain[index(bar, length, fromStart)]) {
                bar++;
            }
            if (bar == length) {
                return fromStart ? length : 0;
            }
            kept = bar;
            if (band == CHROME_BANDS) {
                break;
            }
            int detail = bar;
            while (detail < length && !plain[index(detail, length, fromStart)]) {
                detail++;
            }
            int nextBar = detail;
            while (nextBar < length && plain[index(nextBar, length, fromStart)]) {
                nextBar++;
            }
            if (detail - bar > length * CHROME_SHARE || nextBar - detail < length * MIN_BAR_SHARE) {
                break;
            }
            at = detail;
        }
        return fromStart ? kept : length - kept;
    }

    private static int index(int i, int length, boolean fromStart) {
        return fromStart ? i : length - 1 - i;
    }

    private boolean[] plainLines(int length, int across, boolean rows, int offset, int stride, int tolerance) {
        boolean[] plain = new boolean[length];
        int[] histogram = new int[256];
        for (int i = 0; i < length; i++) {
            Arrays.fill(histogram, 0);
            for (int j = 0; j < across; j++) {
                float value = rows ? grey[i * stride + j] : grey[(offset + j) * stride + i];
                histogram[Math.min(255, Math.max(0, Math.round(value)))]++;
            }
            plain[i] = plainLine(histogram, across, tolerance);
        }
        return plain;
    }

    /** True when the window of grey levels around the most common one holds nearly every pixel of the line. */
    private static boolean plainLine(int[] histogram, int count, int tolerance) {
        int width = 2 * tolerance + 1;
        int window = 0;
        for (int v = 0; v < width; v++) {
            window += histogram[v];
        }
        int most = window;
        for (int v = width; v < 256; v++) {
            window += histogram[v] - histogram[v - width];
            most = Math.max(most, window);
        }
        return most >= count * PLAIN_SHARE;
    }

    /**
     * As {@link #averages(int, int)}, for the window of {@code w} x {@code h} pixels at {@code (x, y)}: each cell
     * holds the pixels whose position in the window, times columns (rows), divided by the window's width (height),
     * rounds down to it. Summed from an integral image, so that many windows cost little.
     */
    double[][] averages(int columns, int rows, int x, int y, int w, int h) {
        double[] sums = integral();
        int stride = width + 1;
        double[][] means = new double[rows][columns];
        for (int row = 0; row < rows; row++) {
            int y0 = y + (int) (((long) row * h + rows - 1) / rows);
            int y1 = Math.max(y0 + 1, y + (int) (((long) (row + 1) * h + rows - 1) / rows));
            for (int column = 0; column < columns; column++) {
                int x0 = x + (int) (((long) column * w + columns - 1) / columns);
                int x1 = Math.max(x0 + 1, x + (int) (((long) (column + 1) * w + columns - 1) / columns));
                double sum = sums[y1 * stride + x1] - sums[y0 * stride + x1] - sums[y1 * stride + x0]
                        + sums[y0 * stride + x0];
                means[row][column] = sum / ((double) (x1 - x0) * (y1 - y0));
            }
        }
        return means;
    }

    private double[] integral() {
        if (integral == null) {
            int stride = width + 1;
            double[] sums = new double[stride * (height + 1)];
            for (int y = 0; y < height; y++) {
                double row = 0;
                for (int x = 0; x < width; x++) {
                    row += grey[y * width + x];
                    sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + row;
                }
            }
            integral = sums;
        }
        return integral;
    }

    /** The mean grey of each cell of a columns x rows grid laid over the picture (cells share boundary pixels). */
    double[][] averages(int columns, int rows) {
        double[][] sums = new double[rows][columns];
        double[][] weights = new double[rows][columns];
        for (int y = 0; y < height; y++) {
            int cellY = (int) ((long) y * rows / height);
            for (int x = 0; x < width; x++) {
                int cellX = (int) ((long) x * columns / width);
                sums[cellY][cellX] += grey[y * width + x];
                weights[cellY][cellX]++;
            }
        }
        double[][] means = new double[rows][columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                // A picture smaller than the grid leaves cells empty: they take the pixel they fall on.
                means[y][x] = weights[y][x] > 0 ? sums[y][x] / weights[y][x]
                        : grey[(int) ((long) y * height / rows) * width + (int) ((long) x * width / columns)];
            }
        }
        return means;
    }
}
