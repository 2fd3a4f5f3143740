package io.arbiter.evidence.inspection;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.arbiter.common.UnsupportedContentException;

/**
 * Small JPEG previews of JPEG, PNG and WebP evidence for agents. The original is decoded with subsampling (memory follows
 * the preview, not the photo), scaled smoothly and turned upright as its EXIF orientation says; transparency
 * becomes white. Other formats (WebP, HEIC) have
 * no preview: {@link #writeJpeg} throws {@link UnsupportedContentException} for them, which the caller may answer
 * as it sees fit (404 or 415).
 */
public final class Thumbnails {

    private static final float QUALITY = 0.85f;
    /** EXIF sits in the first 64 KB segment of a JPEG; this leaves room for XMP before it. */
    private static final long METADATA_BUDGET = 256 * 1024;

    /**
     * Writes a JPEG whose longer side is at most {@code maxSide} pixels (smaller images keep their size). Throws
     * {@link UnsupportedContentException} when the file is not a JPEG, PNG or WebP that can be decoded, and
     * {@link IOException} when reading the file or writing to {@code out} fails.
     */
    public void writeJpeg(Path image, int maxSide, OutputStream out) throws IOException {
        writeJpeg(image, maxSide, out, orientation(image));
    }

    /**
     * As {@link #writeJpeg(Path, int, OutputStream)}, drawn as stored: for a picture a decoder has already turned
     * upright (a HEIC's rotation applied by libheif), whose EXIF may still carry the camera's orientation.
     */
    void writeStoredJpeg(Path image, int maxSide, OutputStream out) throws IOException {
        writeJpeg(image, maxSide, out, 1);
    }

    private void writeJpeg(Path image, int maxSide, OutputStream out, int orientation) throws IOException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
        }
        // Subsampling to twice the size wanted leaves the smooth scaling below something to average.
        BufferedImage decoded = SubsampledImages.decode(image,
                (width, height) -> Math.max(width, height) / (2L * maxSide));
        double scale = Math.min(1.0, (double) maxSide / Math.max(decoded.getWidth(), decoded.getHeight()));
        int width = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        write(upright(scaled(decoded, width, height), orientation), out);
    }

    /** The EXIF orientation of a JPEG (phones store portraits sideways and say so there), 1 for anything else. */
    private static int orientation(Path image) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            return ImageMetadata.orientation(JpegStructure.readHeader(in, METADATA_BUDGET).metadata());
        } catch (RuntimeException | StackOverflowError notReadable) {
            // Not a JPEG, or metadata too damaged to read (the inspection reported that): draw it as stored.
            return 1;
        }
    }

    /** Turns the pixels as EXIF orientation 1 to 8 asks (2, 4, 5 and 7 also mirror). */
    private static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swapped = orientation >= 5;
        BufferedImage turned = new BufferedImage(swapped ? h : w, swapped ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                switch (orientation) {
                    case 2 -> turned.setRGB(w - 1 - x, y, rgb);
                    case 3 -> turned.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case 4 -> turned.setRGB(x, h - 1 - y, rgb);
                    case 5 -> turned.setRGB(y, x, rgb);
                    case 6 -> turned.setRGB(h - 1 - y, x, rgb);
                    case 7 -> turned.setRGB(h - 1 - y, w - 1 - x, rgb);
                    default -> turned.setRGB(y, w - 1 - x, rgb);
                }
            }
        }
        return turned;
    }

    /** Halves the picture with bilinear filtering until one more step reaches the size, so no pixel is skipped. */
    private static BufferedImage scaled(BufferedImage source, int width, int height) {
        BufferedImage current = source;
        do {
            int stepWidth = Math.max(width, current.getWidth() / 2);
            int stepHeight = Math.max(height, current.getHeight() / 2);
            BufferedImage next = new BufferedImage(stepWidth, stepHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, stepWidth, stepHeight);
                g.drawImage(current, 0, 0, stepWidth, stepHeight, null);
            } finally {
                g.dispose();
            }
            current = next;
        } while (current.getWidth() != width || current.getHeight() != height);
        return current;
    }

    private static void write(BufferedImage image, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
