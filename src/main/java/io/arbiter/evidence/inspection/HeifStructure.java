package io.arbiter.evidence.inspection;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks a HEIC/HEIF file box by box to its end: reads the metadata box into memory (bounded) to find the image
 * sizes it declares, scans the media data box as compressed data and every other box as text. A HEIC photo is a grid
 * of tiles plus a thumbnail, each with its own size property; the largest is the whole picture, and it is what a
 * pixel flood would inflate.
 *
 * <p>EXIF inside HEIF is stored as an item located through the item location box; it is not read here, so HEIC
 * photos have no capture time or camera fields.
 */
final class HeifStructure {

    private final StructuredInput in;
    private final long metadataBudget;
    private final MarkupScanner text = MarkupScanner.everywhere();
    private final MarkupScanner compressed = MarkupScanner.inCompressedData();
    private long width;
    private long height;

    private HeifStructure(InputStream stream, long metadataBudget) {
        this.in = new StructuredInput(stream, "HEIF");
        this.metadataBudget = metadataBudget;
    }

    /**
     * The metadata box is read whatever the budget says, since the image size lives there; {@code metadataBudget}
     * bounds how large it may be.
     */
    static ImageHeader read(InputStream stream, long metadataBudget) {
        return new HeifStructure(stream, metadataBudget).walk();
    }

    private ImageHeader walk() {
        while (!in.atEnd()) {
            long size = in.u32be();
            String type = new String(in.bytes(4), StandardCharsets.ISO_8859_1);
            long headerLength = 8;
            if (size == 1) {
                size = in.u32be() << 32 | in.u32be();
                headerLength = 16;
            }
            boolean toEnd = size == 0;
            if (!toEnd && (size < headerLength)) {
                throw in.corrupt("the " + type + " box declares a size of " + size);
            }
            long payload = size - headerLength;
            if (type.equals("meta") && !toEnd) {
                if (payload > metadataBudget) {
                    throw in.corrupt("the metadata box is " + payload + " bytes long; at most " + metadataBudget
                            + " are read");
                }
                byte[] meta = in.bytes((int) payload);
                in.feed(text, meta, 0, meta.length, in.position() - payload);
                in.endRegion(text);
                // A full box: version and flags come before the children.
                imageSizes(meta, 4, meta.length, 0);
            } else if (toEnd) {
                in.scanRest(type.equals("mdat") ? compressed : text);
            } else {
                in.scanRegion(payload, type.equals("mdat") ? compressed : text);
            }
        }
        if (width <= 0) {
            throw in.corrupt("its metadata declares no image size");
        }
        return new ImageHeader(width, height, EmbeddedMetadata.NONE);
    }

    /** Looks through meta, then iprp, then ipco for ispe boxes, keeping the largest size declared. */
    private void imageSizes(byte[] boxes, int from, int to, int depth) {
        int at = from;
        while (to - at >= 8) {
            long size = u32(boxes, at);
            String type = new String(boxes, at + 4, 4, StandardCharsets.ISO_8859_1);
            int headerLength = 8;
            if (size == 1) {
                if (to - at < 16) {
                    return;
                }
                size = (u32(boxes, at + 8) << 32) | u32(boxes, at + 12);
                headerLength = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < headerLength || size > to - at) {
                throw in.corrupt("a box inside the metadata declares a size of " + size);
            }
            int end = at + (int) size;
            int body = at + headerLength;
            if ((depth == 0 && type.equals("iprp")) || (depth == 1 && type.equals("ipco"))) {
                imageSizes(boxes, body, end, depth + 1);
            } else if (depth == 2 && type.equals("ispe") && end - body >= 12) {
                long boxWidth = u32(boxes, body + 4);
                long boxHeight = u32(boxes, body + 8);
                if (boxWidth == 0 || boxHeight == 0) {
                    throw in.corrupt("an image size property declares " + boxWidth + " x " + boxHeight + " pixels");
                }
                if (ImageHeader.pixels(boxWidth, boxHeight) > ImageHeader.pixels(width, height)) {
                    width = boxWidth;
                    height = boxHeight;
                }
            }
            at = end;
        }
    }

    private static long u32(byte[] bytes, int at) {
        return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }
}
