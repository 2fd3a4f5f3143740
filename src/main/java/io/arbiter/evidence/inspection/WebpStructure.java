package io.arbiter.evidence.inspection;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks a WebP's RIFF chunks and on to the end of the file: takes the size from the extended header (the canvas)
 * or else from the first lossy or lossless frame header, copies out EXIF and XMP, and scans every chunk (frame data
 * as compressed data) and whatever follows the RIFF container for markup.
 */
final class WebpStructure {

    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private final StructuredInput in;
    private final EmbeddedMetadata.Collector metadata;
    private final MarkupScanner text = MarkupScanner.everywhere();
    private final MarkupScanner compressed = MarkupScanner.inCompressedData();
    private long canvasWidth = -1;
    private long canvasHeight = -1;
    private long frameWidth = -1;
    private long frameHeight = -1;

    private WebpStructure(InputStream stream, long metadataBudget) {
        this.in = new StructuredInput(stream, "WebP");
        this.metadata = new EmbeddedMetadata.Collector(metadataBudget);
    }

    static ImageHeader read(InputStream stream, long metadataBudget) {
        return new WebpStructure(stream, metadataBudget).walk();
    }

    private ImageHeader walk() {
        String riff = ascii(in.bytes(4));
        long riffEnd = 8 + in.u32le();
        String webp = ascii(in.bytes(4));
        if (!riff.equals("RIFF") || !webp.equals("WEBP")) {
            throw in.corrupt("it does not start with a RIFF WEBP header");
        }
        while (in.position() < riffEnd) {
            if (riffEnd - in.position() < 8) {
                throw in.corrupt("a chunk header runs past the end of the RIFF container");
            }
            String type = ascii(in.bytes(4));
            long size = in.u32le();
            if (in.position() + size > riffEnd) {
                throw in.corrupt("the " + type.trim() + " chunk runs past the end of the RIFF container");
            }
            chunk(type, size);
            if ((size & 1) == 1 && in.position() < riffEnd) {
                in.skip(1);
            }
        }
        in.scanRest(text);
        long width = canvasWidth > 0 ? canvasWidth : frameWidth;
        long height = canvasWidth > 0 ? canvasHeight : frameHeight;
        if (width <= 0 || height <= 0) {
            throw in.corrupt("it holds no frame with a width and height");
        }
        return new ImageHeader(width, height, metadata.collected());
    }

    private void chunk(String type, long size) {
        switch (type) {
            case "VP8X" -> {
                byte[] header = header(size, 10);
                canvasWidth = 1 + u24le(header, 4);
                canvasHeight = 1 + u24le(header, 7);
                in.scanRegion(size - 10, text);
            }
            case "VP8 " -> {
                byte[] header = header(size, 10);
                if ((header[3] & 0xFF) != 0x9D || (header[4] & 0xFF) != 0x01 || (header[5] & 0xFF) != 0x2A) {
                    throw in.corrupt("a lossy frame lacks its start code");
                }
                frame((u16le(header, 6) & 0x3FFF), (u16le(header, 8) & 0x3FFF));
                in.scanRegion(size - 10, compressed);
            }
            case "VP8L" -> {
                byte[] header = header(size, 5);
                if ((header[0] & 0xFF) != 0x2F) {
                    throw in.corrupt("a lossless frame lacks its signature");
                }
                long bits = u16le(header, 1) | ((long) u16le(header, 3) << 16);
                frame(1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
                in.scanRegion(size - 5, compressed);
            }
            case "ALPH", "ANMF" -> in.scanRegion(size, compressed);
            case "EXIF", "XMP " -> {
                if (metadata.take(size)) {
                    byte[] data = in.bytes((int) size);
                    in.feed(text, data, 0, data.length, in.position() - size);
                    in.endRegion(text);
                    if (type.equals("XMP ")) {
                        metadata.xmp(data);
                    } else if (startsWithExifPrefix(data)) {
                        metadata.exif(Arrays.copyOfRange(data, EXIF_PREFIX.length, data.length));
                    } else {
                        metadata.exif(data);
                    }
                } else {
                    in.scanRegion(size, text);
                }
            }
            default -> in.scanRegion(size, text);
        }
    }

    /** The first bytes of a chunk, scanned as text. */
    private byte[] header(long size, int length) {
        if (size < length) {
            throw in.corrupt("a frame header chunk is " + size + " bytes long");
        }
        byte[] header = in.bytes(length);
        in.feed(text, header, 0, length, in.position() - length);
        in.endRegion(text);
        return header;
    }

    private void frame(long width, long height) {
        if (width == 0 || height == 0) {
            throw in.corrupt("a frame declares " + width + " x " + height + " pixels");
        }
        if (frameWidth < 0) {
            frameWidth = width;
            frameHeight = height;
        }
    }

    private static boolean startsWithExifPrefix(byte[] data) {
        return data.length >= EXIF_PREFIX.length && Arrays.equals(data, 0, EXIF_PREFIX.length, EXIF_PREFIX, 0,
                EXIF_PREFIX.length);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int u16le(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | ((bytes[at + 1] & 0xFF) << 8);
    }

    private static long u24le(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | ((bytes[at + 1] & 0xFF) << 8) | ((long) (bytes[at + 2] & 0xFF) << 16);
    }
}
