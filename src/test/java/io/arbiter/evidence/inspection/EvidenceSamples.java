package io.arbiter.evidence.inspection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Files built in memory for the content checks: real pictures drawn with Java2D and encoded by ImageIO, and the
 * smallest headers of the other formats that their detectors and walkers recognise. Public so that tests of the
 * upload API can send the same files.
 */
public final class EvidenceSamples {

    private EvidenceSamples() {
    }

    /**
     * A photo-like picture (texture to its edges) whose top 30% is a grey band with grain of +-8 grey levels: plain
     * as hashing judges it, so trimmed, until brightened by a quarter (then its grain is detail).
     */
    public static BufferedImage withFaintBand(int width, int height, long seed) {
        BufferedImage photo = PhotoCorpus.photo(width, height, seed);
        Random grain = new Random(seed);
        for (int y = 0; y < height * 3 / 10; y++) {
            for (int x = 0; x < width; x++) {
                int grey = 100 + grain.nextInt(17) - 8;
                photo.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        return photo;
    }

    /** The picture with each colour channel multiplied by {@code factor} (clipped). */
    public static BufferedImage brightened(BufferedImage picture, double factor) {
        return PhotoCorpus.brightness(picture, factor);
    }

    /** A picture with structure (gradient, shapes, lines) that depends on the seed. */
    public static BufferedImage scene(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width * random.nextFloat(), height,
                new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            int w = width / 8 + random.nextInt(width / 3);
            int h = height / 8 + random.nextInt(height / 3);
            switch (i % 3) {
                case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
                case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
                default -> {
                    g.setStroke(new BasicStroke(Math.max(2, width / 60f)));
                    g.drawLine(x, y, random.nextInt(width), random.nextInt(height));
                }
            }
        }
        g.dispose();
        return image;
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] jpeg(int width, int height) {
        return jpeg(scene(width, height, 1), 0.9f);
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] png(int width, int height) {
        return png(scene(width, height, 2));
    }

    /** The JPEG with a segment (APPn, COM) inserted right after its start-of-image marker. */
    public static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + payload.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A blank surface photographed: one colour with a camera's faint noise. */
    public static BufferedImage flat(int width, int height, int rgb, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = (int) Math.round(random.nextGaussian() * 1.5);
                int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xFF) + noise));
                int g = Math.max(0, Math.min(255, ((rgb >> 8) & 0xFF) + noise));
                int b = Math.max(0, Math.min(255, (rgb & 0xFF) + noise));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** The JPEG with EXIF saying when it was taken: a local time, and its offset when {@code offset} is not null. */
    public static byte[] withCaptureTime(byte[] jpeg, String dateTimeOriginal, String offset) {
        Tiff exif = new Tiff().ifd0(Tiff.MAKE, "Apple").ifd0(Tiff.MODEL, "iPhone 15")
                .exif(Tiff.DATE_TIME_ORIGINAL, dateTimeOriginal);
        if (offset != null) {
            exif.exif(Tiff.OFFSET_TIME_ORIGINAL, offset);
        }
        return withSegment(jpeg, 0xE1, exif.app1());
    }

    public static byte[] withSegment(byte[] jpeg, int marker, String payload) {
        return withSegment(jpeg, marker, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The JPEG with its first frame header claiming another size. */
    public static byte[] withFrameSize(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        for (int i = 2; i + 8 < patched.length; i++) {
            if ((patched[i] & 0xFF) == 0xFF && (patched[i + 1] & 0xFF) == 0xC0) {
                patched[i + 5] = (byte) (height >> 8);
                patched[i + 6] = (byte) height;
                patched[i + 7] = (byte) (width >> 8);
                patched[i + 8] = (byte) width;
                return patched;
            }
        }
        throw new IllegalArgumentException("no baseline frame header");
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A PNG made of a header declaring the size, one empty data chunk and the end chunk. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, pngChunk("IHDR", header.array()),
                pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}),
                pngChunk("IEND", new byte[0]));
    }

    /** A PNG chunk with its length and CRC. */
    public static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(ascii(type)).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** The PNG with a chunk inserted right after its header chunk. */
    public static byte[] withChunk(byte[] png, String type, byte[] data) {
        int afterHeader = 8 + 25;
        return concat(java.util.Arrays.copyOfRange(png, 0, afterHeader), pngChunk(type, data),
                java.util.Arrays.copyOfRange(png, afterHeader, png.length));
    }

    public static byte[] pdf() {
        return ascii("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n");
    }

    /**
     * An ISO base media file: a file type box with this major brand, a little media data, then the movie box saying
     * it plays for five seconds (after the media, as a phone writes it).
     */
    public static byte[] isoMedia(String brand) {
        return concat(fileType(brand), box("mdat", new byte[16]), box("moov", movieHeader(0, 1000, 5000)));
    }

    /** The 24-byte file type box that starts an ISO base media file, and is no video on its own. */
    public static byte[] fileType(String brand) {
        return ByteBuffer.allocate(24).putInt(24).put(ascii("ftyp")).put(ascii(brand)).putInt(0x200)
                .put(ascii("isom")).put(ascii(brand)).array();
    }

    /** A movie header box (mvhd) of this version, with the fields that follow the duration zeroed. */
    public static byte[] movieHeader(int version, long timeScale, long duration) {
        ByteBuffer body = ByteBuffer.allocate(version == 1 ? 112 : 100).putInt(version << 24);
        if (version == 1) {
            body.putLong(0).putLong(0).putInt((int) timeScale).putLong(duration);
        } else {
            body.putInt(0).putInt(0).putInt((int) timeScale).putInt((int) duration);
        }
        return box("mvhd", body.array());
    }

    public static byte[] mp4() {
        return isoMedia("isom");
    }

    public static byte[] mov() {
        return isoMedia("qt  ");
    }

    /** An EBML header with this DocType, then an empty Matroska segment. */
    public static byte[] matroska(String docType) {
        byte[] type = ascii(docType);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0xF7, (byte) 0x81, 0x01,
                0x42, (byte) 0xF2, (byte) 0x81, 0x04, 0x42, (byte) 0xF3, (byte) 0x81, 0x08, 0x42, (byte) 0x82,
                (byte) (0x80 | type.length)});
        header.writeBytes(type);
        header.writeBytes(new byte[] {0x42, (byte) 0x87, (byte) 0x81, 0x02, 0x42, (byte) 0x85, (byte) 0x81, 0x02});
        byte[] body = header.toByteArray();
        return concat(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) (0x80 | body.length)}, body,
                new byte[] {0x18, 0x53, (byte) 0x80, 0x67, (byte) 0x80});
    }

    public static byte[] webm() {
        return matroska("webm");
    }

    /** A lossless WebP header declaring this size, followed by a few bytes standing for the image data. */
    public static byte[] webp(int width, int height) {
        long bits = (width - 1) | ((long) (height - 1) << 14);
        ByteBuffer chunk = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN).put(ascii("VP8L")).putInt(10)
                .put((byte) 0x2F).putInt((int) bits).put(new byte[5]);
        ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put(ascii("RIFF"))
                .putInt(4 + chunk.capacity()).put(ascii("WEBP"));
        return concat(riff.array(), chunk.array());
    }

    /** A HEIC made of its file type box, a metadata box declaring the image and a tile size, and media data. */
    public static byte[] heic(int width, int height) {
        byte[] ispe = box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(width).putInt(height).array());
        byte[] tile = box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(512).putInt(512).array());
        byte[] ipco = box("ipco", concat(ispe, tile));
        byte[] iprp = box("iprp", ipco);
        byte[] hdlr = box("hdlr", concat(new byte[8], ascii("pict"), new byte[13]));
        byte[] meta = box("meta", concat(new byte[4], hdlr, iprp));
        byte[] ftyp = box("ftyp", concat(ascii("heic"), new byte[4], ascii("mif1heic")));
        return concat(ftyp, meta, box("mdat", new byte[32]));
    }

    /**
     * A HEIC like {@link #heic} whose item tables declare one item of this type (Exif, mime) with this length, lying
     * at the start of the media data, which holds {@code content}.
     */
    public static byte[] heicWithItem(String itemType, long declaredLength, byte[] content) {
        byte[] entry = box("infe", concat(new byte[] {2, 0, 0, 0, 0, 1, 0, 0}, ascii(itemType), new byte[1]));
        byte[] iinf = box("iinf", concat(new byte[] {0, 0, 0, 0, 0, 1}, entry));
        byte[] ispe = box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(64).putInt(48).array());
        byte[] iprp = box("iprp", box("ipco", ispe));
        byte[] ftyp = box("ftyp", concat(ascii("heic"), new byte[4], ascii("mif1heic")));
        int ilocLength = 8 + 4 + 2 + 2 + 6 + 8;
        int metaLength = 8 + 4 + iinf.length + ilocLength + iprp.length;
        long itemOffset = ftyp.length + metaLength + 8;
        byte[] iloc = box("iloc", ByteBuffer.allocate(ilocLength - 8).putInt(0).put((byte) 0x44).put((byte) 0)
                .putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 1)
                .putInt((int) itemOffset).putInt((int) declaredLength).array());
        byte[] meta = box("meta", concat(new byte[4], iinf, iloc, iprp));
        return concat(ftyp, meta, box("mdat", content));
    }

    /**
     * A real HEIC as a phone writes it (drawn with ImageIO, tagged with exiftool, encoded by libheif's heif-enc):
     * 64 x 48 pixels; EXIF naming Apple, iPhone 15 Pro, Software 17.4, orientation 6, taken 2026-03-14 09:26:53
     * at +02:00; and an XMP packet whose CreatorTool is 17.4. Both are items in the media data.
     */
    public static byte[] iphoneHeic() {
        try (var in = EvidenceSamples.class.getResourceAsStream("iphone-style.heic")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length).put(ascii(type)).put(payload).array();
    }
}
