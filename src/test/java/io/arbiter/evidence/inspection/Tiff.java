package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes EXIF by hand as a camera does: a little-endian TIFF with IFD0 (make, model, software, date), the EXIF
 * sub-IFD it points to (capture time and its offset), and optionally IFD1 with a JPEG thumbnail. Wrap it with
 * {@link #app1} to put it into a JPEG.
 */
final class Tiff {

    static final int ORIENTATION = 0x0112;
    static final int MAKE = 0x010F;
    static final int MODEL = 0x0110;
    static final int SOFTWARE = 0x0131;
    static final int DATE_TIME = 0x0132;
    static final int DATE_TIME_ORIGINAL = 0x9003;
    static final int OFFSET_TIME = 0x9010;
    static final int OFFSET_TIME_ORIGINAL = 0x9011;

    private static final int EXIF_POINTER = 0x8769;
    private static final int COMPRESSION = 0x0103;
    private static final int THUMBNAIL_OFFSET = 0x0201;
    private static final int THUMBNAIL_LENGTH = 0x0202;
    private static final short ASCII = 2;
    private static final short SHORT = 3;
    private static final short LONG = 4;

    private final Map<Integer, Object> ifd0 = new TreeMap<>();
    private final Map<Integer, String> exif = new TreeMap<>();
    private byte[] thumbnail;

    Tiff ifd0(int tag, String value) {
        ifd0.put(tag, value);
        return this;
    }

    Tiff ifd0(int tag, short value) {
        ifd0.put(tag, value);
        return this;
    }

    Tiff exif(int tag, String value) {
        exif.put(tag, value);
        return this;
    }

    Tiff thumbnail(byte[] jpeg) {
        this.thumbnail = jpeg;
        return this;
    }

    /** The APP1 payload: the EXIF preamble and the TIFF bytes. */
    byte[] app1() {
        return EvidenceSamples.concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), bytes());
    }

    byte[] bytes() {
        int ifd0Offset = 8;
        int ifd0Size = size(ifd0.size() + 1, ifd0);
        int exifOffset = ifd0Offset + ifd0Size;
        int exifSize = size(exif.size(), exif);
        int ifd1Offset = exifOffset + exifSize;
        int ifd1Size = thumbnail == null ? 0 : 2 + 3 * 12 + 4;
        int thumbnailOffset = ifd1Offset + ifd1Size;

        ByteBuffer out = ByteBuffer.allocate(thumbnailOffset + (thumbnail == null ? 0 : thumbnail.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0Offset);

        Map<Integer, Object> first = new TreeMap<>(ifd0);
        first.put(EXIF_POINTER, exifOffset);
        writeIfd(out, ifd0Offset, first, thumbnail == null ? 0 : ifd1Offset);
        writeIfd(out, exifOffset, new TreeMap<>(exif), 0);
        if (thumbnail != null) {
            Map<Integer, Object> ifd1 = new TreeMap<>();
            ifd1.put(COMPRESSION, (short) 6);
            ifd1.put(THUMBNAIL_OFFSET, thumbnailOffset);
            ifd1.put(THUMBNAIL_LENGTH, thumbnail.length);
            writeIfd(out, ifd1Offset, ifd1, 0);
            out.position(thumbnailOffset);
            out.put(thumbnail);
        }
        return out.array();
    }

    private static int size(int entries, Map<Integer, ?> values) {
        int data = 0;
        for (Object value : values.values()) {
            int length = value instanceof String text ? text.length() + 1 : 0;
            data += length > 4 ? length + (length & 1) : 0;
        }
        return 2 + entries * 12 + 4 + data;
    }

    /**
     * TIFF bytes whose IFD0 is followed by a chain of {@code length} empty thumbnail directories, each pointing to
     * the next: nothing a camera writes, but what a reader that recurses along the chain must survive.
     */
    static byte[] chainOfDirectories(int length) {
        ByteBuffer out = ByteBuffer.allocate(8 + 6 * (length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (int i = 0; i <= length; i++) {
            out.putShort((short) 0).putInt(i < length ? 8 + 6 * (i + 1) : 0);
        }
        return out.array();
    }

    private static void writeIfd(ByteBuffer out, int offset, Map<Integer, Object> entries, int next) {
        int dataOffset = offset + 2 + entries.size() * 12 + 4;
        out.position(offset);
        out.putShort((short) entries.size());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<Integer, Object> entry : entries.entrySet()) {
            out.putShort(entry.getKey().shortValue());
            if (entry.getValue() instanceof String text) {
                byte[] bytes = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
                out.putShort(ASCII).putInt(bytes.length);
                if (bytes.length <= 4) {
                    out.put(java.util.Arrays.copyOf(bytes, 4));
                } else {
                    out.putInt(dataOffset + data.size());
                    data.writeBytes(bytes);
                    if ((bytes.length & 1) == 1) {
                        data.write(0);
                    }
                }
            } else if (entry.getValue() instanceof Short number) {
                out.putShort(SHORT).putInt(1).putShort(number).putShort((short) 0);
            } else {
                out.putShort(LONG).putInt(1).putInt((Integer) entry.getValue());
            }
        }
        out.putInt(next);
        out.put(data.toByteArray());
    }
}
