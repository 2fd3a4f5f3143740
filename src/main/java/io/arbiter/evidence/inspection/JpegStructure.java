package io.arbiter.evidence.inspection;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.arbiter.common.UnsupportedContentException;

/**
 * Walks a JPEG from its start-of-image to its end-of-image marker and on to the end of the file: takes the size from
 * the frame header, copies out EXIF, XMP and Photoshop segments, and scans every byte for markup, comments and
 * anything after the end marker included. A file that stops before its end marker is refused as truncated.
 */
final class JpegStructure {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PHOTOSHOP = "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1);

    private final StructuredInput in;
    private final boolean headerOnly;
    private final EmbeddedMetadata.Collector metadata;
    private final MarkupScanner text = MarkupScanner.everywhere();
    private final MarkupScanner compressed = MarkupScanner.inCompressedData();
    private long width = -1;
    private long height = -1;

    private JpegStructure(InputStream stream, long metadataBudget, boolean headerOnly) {
        this.in = new StructuredInput(stream, "JPEG");
        this.headerOnly = headerOnly;
        this.metadata = new EmbeddedMetadata.Collector(metadataBudget);
    }

    static ImageHeader read(InputStream stream, long metadataBudget) {
        return new JpegStructure(stream, metadataBudget, false).walk();
    }

    /**
     * Reads only up to the image data, for a file already inspected: what comes before the first scan (size and
     * metadata) is all that is needed to draw it.
     */
    static ImageHeader readHeader(InputStream stream, long metadataBudget) {
        return new JpegStructure(stream, metadataBudget, true).walk();
    }

    /** Width and height of a JPEG held in memory (an EXIF thumbnail), or null if it is not a whole JPEG. */
    static long[] frameSize(byte[] jpeg) {
        try {
            ImageHeader header = read(new ByteArrayInputStream(jpeg), 0);
            return new long[] {header.width(), header.height()};
        } catch (UnsupportedContentException e) {
            return null;
        }
    }

    private ImageHeader walk() {
        if (in.u8() != 0xFF || in.u8() != SOI) {
            throw in.corrupt("it does not start with a start-of-image marker");
        }
        int marker = nextMarker();
        while (marker != EOI) {
            if (marker == SOS) {
                if (width < 0) {
                    throw in.corrupt("image data comes before the frame header");
                }
                if (headerOnly) {
                    return new ImageHeader(width, height, metadata.collected());
                }
                in.scanRegion(segmentLength(), text);
                marker = skipEntropyCodedData();
                continue;
            }
            if (!isStandalone(marker)) {
                segment(marker, segmentLength());
            }
            marker = nextMarker();
        }
        if (width < 0) {
            throw in.corrupt("it has no frame header");
        }
        afterEnd();
        return new ImageHeader(width, height, metadata.collected());
    }

    private int segmentLength() {
        int length = in.u16be();
        if (length < 2) {
            throw in.corrupt("a segment declares a length of " + length);
        }
        return length - 2;
    }

    private void segment(int marker, int length) {
        if (isFrameHeader(marker)) {
            byte[] frame = in.bytes(length);
            in.feed(text, frame, 0, frame.length, in.position() - length);
            in.endRegion(text);
            if (length < 5) {
                throw in.corrupt("the frame header is " + length + " bytes long");
            }
            long frameHeight = ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
            long frameWidth = ((frame[3] & 0xFF) << 8) | (frame[4] & 0xFF);
            if (frameWidth == 0 || frameHeight == 0) {
                throw in.corrupt("the frame header declares " + frameWidth + " x " + frameHeight + " pixels");
            }
            if (width < 0) {
                width = frameWidth;
                height = frameHeight;
            }
        } else if ((marker == APP1 || marker == APP13) && metadata.take(length)) {
            byte[] payload = in.bytes(length);
            in.feed(text, payload, 0, payload.length, in.position() - length);
            in.endRegion(text);
            keep(marker, payload);
        } else {
            in.scanRegion(length, text);
        }
    }

    private void keep(int marker, byte[] payload) {
        if (marker == APP1 && startsWith(payload, EXIF)) {
            metadata.exif(Arrays.copyOfRange(payload, EXIF.length, payload.length));
        } else if (marker == APP1 && startsWith(payload, XMP)) {
            metadata.xmp(Arrays.copyOfRange(payload, XMP.length, payload.length));
        } else if (marker == APP13 && startsWith(payload, PHOTOSHOP)) {
            metadata.photoshop(Arrays.copyOfRange(payload, PHOTOSHOP.length, payload.length));
        }
    }

    /**
     * Reads up to the next marker and returns its code. Bytes that are not a marker where one belongs are tolerated
     * (decoders skip them) but scanned as text, since that is where a polyglot would hide its markup.
     */
    private int nextMarker() {
        byte[] stray = new byte[8192];
        int count = 0;
        long strayStart = in.position();
        while (true) {
            if (count >= stray.length - 2) {
                in.feed(text, stray, 0, count, strayStart);
                strayStart += count;
                count = 0;
            }
            int b = in.u8();
            if (b != 0xFF) {
                stray[count++] = (byte) b;
                continue;
            }
            int code = in.u8();
            while (code == 0xFF) {
                code = in.u8();
            }
            if (code != 0) {
                in.feed(text, stray, 0, count, strayStart);
                in.endRegion(text);
                return code;
            }
            stray[count++] = (byte) 0xFF;
            stray[count++] = 0;
        }
    }

    /**
     * Passes the compressed scan data through the scanner up to the marker that ends it, and returns that marker.
     * Inside scan data a 0xFF byte is followed by 0x00 (a stuffed 0xFF) or a restart marker; anything else ends it.
     */
    private int skipEntropyCodedData() {
        byte[] run = new byte[64 * 1024];
        int count = 0;
        long runStart = in.position();
        while (true) {
            if (count >= run.length - 2) {
                in.feed(compressed, run, 0, count, runStart);
                runStart += count;
                count = 0;
            }
            int b = in.u8();
            run[count++] = (byte) b;
            if (b != 0xFF) {
                continue;
            }
            int code = in.u8();
            while (code == 0xFF) {
                code = in.u8();
            }
            if (code == 0 || (code >= 0xD0 && code <= 0xD7)) {
                run[count++] = (byte) code;
                continue;
            }
            in.feed(compressed, run, 0, count, runStart);
            in.endRegion(compressed);
            return code;
        }
    }

    /**
     * Whatever follows the end marker. Cameras append further JPEGs there (multi-picture previews, depth maps) and
     * phones a video (motion photos): compressed data, scanned as such; anything else is scanned as text.
     */
    private void afterEnd() {
        long start = in.position();
        byte[] lead = in.upTo(12);
        boolean media = (lead.length >= 3 && (lead[0] & 0xFF) == 0xFF && (lead[1] & 0xFF) == SOI && (lead[2] & 0xFF) == 0xFF)
                || (lead.length >= 8 && new String(lead, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp"));
        MarkupScanner scanner = media ? compressed : text;
        in.feed(scanner, lead, 0, lead.length, start);
        in.scanRest(scanner);
    }

    private static boolean isStandalone(int marker) {
        return marker == 0x01 || marker == SOI || (marker >= 0xD0 && marker <= 0xD7);
    }

    /** SOF0 to SOF15; C4, C8 and CC share the range but are tables and a reserved code. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
