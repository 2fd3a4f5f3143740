package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the smallest HEIF file that libheif reads as one HEVC picture with the given item properties. */
final class HeifPictureFile {

    /** One item property box as stored, and whether the item's association marks it essential. */
    record Property(String type, byte[] box, boolean essential) {
    }

    private HeifPictureFile() {
    }

    /**
     * @param properties the picture's properties in the order they are associated (at most 127, as one byte each)
     * @param coded      its HEVC data as the item stored it
     */
    static byte[] singlePicture(List<Property> properties, byte[] coded) throws IOException {
        if (properties.size() > 127) {
            throw new IllegalArgumentException(properties.size() + " properties for one picture");
        }
        byte[] ftyp = box("ftyp", concat(ascii("heic"), new byte[4], ascii("mif1"), ascii("heic")));
        byte[] hdlr = fullBox("hdlr", concat(new byte[4], ascii("pict"), new byte[12], new byte[1]));
        byte[] pitm = fullBox("pitm", new byte[] {0, 1});
        byte[] infe = box("infe", concat(new byte[] {2, 0, 0, 0, 0, 1, 0, 0}, ascii("hvc1"), new byte[1]));
        byte[] iinf = fullBox("iinf", concat(new byte[] {0, 1}, infe));
        ByteArrayOutputStream ipco = new ByteArrayOutputStream();
        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        ipma.write(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 1, (byte) properties.size()});
        for (int i = 0; i < properties.size(); i++) {
            ipco.write(properties.get(i).box());
            ipma.write((properties.get(i).essential() ? 0x80 : 0) | (i + 1));
        }
        byte[] iprp = box("iprp", concat(box("ipco", ipco.toByteArray()), box("ipma", ipma.toByteArray())));
        // iloc v0: 4-byte offsets and lengths, no base offset; one item, one extent, patched once its place is known.
        ByteBuffer ilocBody = ByteBuffer.allocate(4 + 2 + 2 + 2 + 2 + 2 + 8);
        ilocBody.putInt(0).put((byte) 0x44).put((byte) 0).putShort((short) 1).putShort((short) 1)
                .putShort((short) 0).putShort((short) 1).putInt(0).putInt(coded.length);
        byte[] iloc = box("iloc", ilocBody.array());
        byte[] meta = fullBox("meta", concat(hdlr, pitm, iloc, iinf, iprp));
        int codedAt = ftyp.length + meta.length + 8;
        // The iloc ends with the extent's offset and length; it follows hdlr and pitm inside meta.
        int offsetField = ftyp.length + 12 + hdlr.length + pitm.length + iloc.length - 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream(codedAt + coded.length);
        out.write(ftyp);
        out.write(meta);
        writeHeader(out, "mdat", coded.length);
        out.write(coded);
        byte[] file = out.toByteArray();
        ByteBuffer.wrap(file).putInt(offsetField, codedAt);
        return file;
    }

    private static void writeHeader(OutputStream out, String type, int payload) throws IOException {
        out.write(ByteBuffer.allocate(8).putInt(8 + payload).put(ascii(type)).array());
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length).put(ascii(type)).put(payload)
                .array();
    }

    private static byte[] fullBox(String type, byte[] payload) {
        return box(type, concat(new byte[4], payload));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
