package io.arbiter.evidence.inspection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Photo-like pictures made from a seed, and what people do to photos before reusing them. The pictures have what
 * hashes see in photos (smooth light, texture at several scales, objects with soft and hard edges), so that two
 * regions of one picture are as related as two regions of a photo, and nothing has to be downloaded.
 */
final class PhotoCorpus {

    private PhotoCorpus() {
    }

    /** A photo-like picture: layered value noise for light and texture, then objects with shading. */
    static BufferedImage photo(int width, int height, long seed) {
        Random random = new Random(seed);
        float[][] hues = {{random.nextFloat(), random.nextFloat(), random.nextFloat()},
                {random.nextFloat(), random.nextFloat(), random.nextFloat()}};
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ValueNoise light = new ValueNoise(random.nextLong(), 4);
        ValueNoise texture = new ValueNoise(random.nextLong(), 40);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height * height / width;
                double l = light.at(u, v);
                double t = texture.at(u, v) * 0.6 + texture.at(u * 3.1, v * 3.1) * 0.4;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double value = 255 * (0.15 + 0.7 * (hues[0][c] * l + hues[1][c] * (1 - l))) + 40 * (t - 0.5);
                    rgb = (rgb << 8) | clamp(value);
                }
                image.setRGB(x, y, rgb);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 9; i++) {
            int w = width / 12 + random.nextInt(width / 4);
            int h = height / 12 + random.nextInt(height / 4);
            int x = random.nextInt(width) - w / 2;
            int y = random.nextInt(height) - h / 2;
            Color colour = new Color(random.nextInt(0xFFFFFF));
            g.setPaint(new GradientPaint(x, y, colour.brighter(), x + w, y + h, colour.darker()));
            switch (i % 3) {
                case 0 -> g.fill(new Ellipse2D.Double(x, y, w, h));
                case 1 -> g.fillRoundRect(x, y, w, h, w / 5, h / 5);
                default -> {
                    g.setStroke(new BasicStroke(Math.max(3, width / 50f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.drawLine(x, y, x + w * 2, y + h);
                }
            }
        }
        g.dispose();
        return image;
    }

    /** A flat picture: a white wall or a clear sky, with the sensor noise and vignetting of a camera. */
    static BufferedImage plain(int width, int height, long seed) {
        Random random = new Random(seed);
        int base = 120 + random.nextInt(120);
        int tint = random.nextInt(30);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = (x - width / 2.0) / width;
                double dy = (y - height / 2.0) / height;
                double value = base * (1 - 0.08 * (dx * dx + dy * dy)) + random.nextGaussian() * 2;
                image.setRGB(x, y, (clamp(value - tint) << 16) | (clamp(value) << 8) | clamp(value + tint));
            }
        }
        return image;
    }

    static BufferedImage resized(BufferedImage source, double scale) {
        return scaled(source, Math.max(1, (int) Math.round(source.getWidth() * scale)),
                Math.max(1, (int) Math.round(source.getHeight() * scale)));
    }

    static BufferedImage scaled(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** Cuts {@code share} of the width and of the height away, more of it on the top and left than elsewhere. */
    static BufferedImage cropped(BufferedImage source, double share) {
        int cutX = (int) Math.round(source.getWidth() * share);
        int cutY = (int) Math.round(source.getHeight() * share);
        return copy(source.getSubimage(cutX * 3 / 5, cutY * 3 / 5, source.getWidth() - cutX, source.getHeight() - cutY));
    }

    static BufferedImage region(BufferedImage source, int x, int y, int width, int height) {
        return copy(source.getSubimage(x, y, width, height));
    }

    static BufferedImage brightness(BufferedImage source, double factor) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(x, y);
                out.setRGB(x, y, (clamp(((rgb >> 16) & 0xFF) * factor) << 16)
                        | (clamp(((rgb >> 8) & 0xFF) * factor) << 8) | clamp((rgb & 0xFF) * factor));
            }
        }
        return out;
    }

    /** A quarter turn clockwise ({@code quarters} 1) or counter-clockwise (3). */
    static BufferedImage turned(BufferedImage source, int quarters) {
        int w = source.getWidth();
        int h = source.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (quarters == 1) {
                    out.setRGB(h - 1 - y, x, source.getRGB(x, y));
                } else {
                    out.setRGB(y, w - 1 - x, source.getRGB(x, y));
                }
            }
        }
        return out;
    }

    /**
     * The photo as a phone shows it full-width, captured as a screenshot: letterbox bars above and below, and with
     * {@code chrome} a status bar (clock, signal, battery) at the top and a navigation bar at the bottom.
     */
    static BufferedImage screenshot(BufferedImage photo, boolean chrome, boolean lightBars) {
        int width = 720;
        int height = 1560;
        BufferedImage screen = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = screen.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(lightBars ? new Color(0xF2F2F2) : Color.BLACK);
        g.fillRect(0, 0, width, height);
        int shownHeight = Math.min(height - 200, (int) Math.round((double) photo.getHeight() * width / photo.getWidth()));
        int shownWidth = (int) Math.round((double) photo.getWidth() * shownHeight / photo.getHeight());
        g.drawImage(scaled(photo, shownWidth, shownHeight), (width - shownWidth) / 2, (height - shownHeight) / 2, null);
        if (chrome) {
            g.setColor(new Color(0x202124));
            g.fillRect(0, 0, width, 48);
            g.fillRect(0, height - 56, width, 56);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString("12:34", 24, 33);
            for (int bar = 0; bar < 4; bar++) {
                g.fillRect(width - 150 + bar * 10, 34 - bar * 5, 6, 5 + bar * 5);
            }
            g.drawRoundRect(width - 80, 16, 40, 20, 5, 5);
            g.fillRect(width - 77, 19, 28, 15);
            g.drawString("4G", width - 200, 33);
            g.fillOval(width / 2 - 14, height - 42, 28, 28);
            g.drawRect(width / 4 - 10, height - 38, 20, 20);
            g.drawLine(3 * width / 4 - 10, height - 28, 3 * width / 4 + 10, height - 38);
        }
        g.dispose();
        return screen;
    }

    private static BufferedImage copy(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** Smooth noise in [0, 1]: random values on a grid, interpolated with a smoothstep. */
    private static final class ValueNoise {

        private final int cells;
        private final double[] grid;

        ValueNoise(long seed, int cells) {
            Random random = new Random(seed);
            this.cells = cells;
            this.grid = new double[(cells + 2) * (cells + 2)];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = random.nextDouble();
            }
        }

        double at(double u, double v) {
            double x = (u - Math.floor(u)) * cells;
            double y = (v - Math.floor(v)) * cells;
            int x0 = (int) x;
            int y0 = (int) y;
            double fx = smooth(x - x0);
            double fy = smooth(y - y0);
            double top = value(x0, y0) * (1 - fx) + value(x0 + 1, y0) * fx;
            double bottom = value(x0, y0 + 1) * (1 - fx) + value(x0 + 1, y0 + 1) * fx;
            return top * (1 - fy) + bottom * fy;
        }

        private double value(int x, int y) {
            return grid[Math.min(y, cells + 1) * (cells + 2) + Math.min(x, cells + 1)];
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }
}
