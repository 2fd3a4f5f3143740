package io.arbiter.evidence.inspection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Two pictures found to be copies of each other, drawn side by side as a PNG, each with the region where they
 * matched outlined: an agent sees at a glance that one is a crop or a screenshot of the other. The pictures are
 * the upright previews; the regions are {@link ImageFingerprint.Box boxes} of the upright pictures.
 */
public final class SideBySide {

    /** The outline's colour: magenta, which photos seldom have in a thick straight line. */
    public static final Color OUTLINE = new Color(0xFF00FF);
    static final int GAP = 16;
    static final int LINE = 3;

    private SideBySide() {
    }

    /** A PNG of {@code left} then {@code right}, on white, with their regions outlined (a null region is not drawn). */
    public static byte[] png(BufferedImage left, ImageFingerprint.Box leftRegion, BufferedImage right,
                             ImageFingerprint.Box rightRegion) {
        int width = left.getWidth() + GAP + right.getWidth();
        int height = Math.max(left.getHeight(), right.getHeight());
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            draw(g, left, leftRegion, 0);
            draw(g, right, rightRegion, left.getWidth() + GAP);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(canvas, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, BufferedImage picture, ImageFingerprint.Box region, int left) {
        g.drawImage(picture, left, 0, null);
        if (region == null) {
            return;
        }
        int scale = ImageFingerprint.Box.SCALE;
        int w = picture.getWidth();
        int h = picture.getHeight();
        int x0 = left + (int) Math.round((double) region.x() * w / scale);
        int y0 = (int) Math.round((double) region.y() * h / scale);
        int x1 = left + (int) Math.round((double) (region.x() + region.width()) * w / scale);
        int y1 = (int) Math.round((double) (region.y() + region.height()) * h / scale);
        // Inside the picture, so that an outline of the whole picture shows too.
        int inset = LINE / 2;
        x0 = Math.max(left + inset, Math.min(x0, left + w - 1 - inset));
        x1 = Math.max(left + inset, Math.min(x1, left + w - 1 - inset));
        y0 = Math.max(inset, Math.min(y0, h - 1 - inset));
        y1 = Math.max(inset, Math.min(y1, h - 1 - inset));
        g.setColor(OUTLINE);
        g.setStroke(new BasicStroke(LINE));
        g.drawRect(x0, y0, x1 - x0, y1 - y0);
    }
}
