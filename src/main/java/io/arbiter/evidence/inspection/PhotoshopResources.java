package io.arbiter.evidence.inspection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the version info resource (0x0421) of Photoshop image resource blocks for the name of the program that
 * wrote the file. Only that resource is read; the blocks come from an image and every length in them is checked
 * against what is there.
 */
final class PhotoshopResources {

    private static final int VERSION_INFO = 0x0421;

    private PhotoshopResources() {
    }

    static List<String> writerNames(byte[] resources) {
        List<String> names = new ArrayList<>();
        ByteBuffer blocks = ByteBuffer.wrap(resources);
        while (blocks.remaining() >= 12) {
            byte[] signature = new byte[4];
            blocks.get(signature);
            if (!new String(signature, StandardCharsets.ISO_8859_1).equals("8BIM")) {
                break;
            }
            int id = blocks.getShort() & 0xFFFF;
            int nameLength = blocks.get() & 0xFF;
            // The name is a Pascal string padded so that it and its length byte take an even number of bytes.
            int padded = nameLength + ((nameLength & 1) == 0 ? 1 : 0);
            if (blocks.remaining() < padded + 4) {
                break;
            }
            blocks.position(blocks.position() + padded);
            long size = blocks.getInt() & 0xFFFFFFFFL;
            if (size > blocks.remaining()) {
                break;
            }
            if (id == VERSION_INFO) {
                versionInfo(blocks.slice(blocks.position(), (int) size), names);
            }
            blocks.position((int) Math.min(blocks.limit(), blocks.position() + size + (size & 1)));
        }
        return names;
    }

    /**
     * Version (4 bytes), merged-data flag (1), the writer name as UTF-16 after its length in code units, then the
     * reader name and the file version, which are not needed.
     */
    private static void versionInfo(ByteBuffer info, List<String> names) {
        if (info.remaining() < 9) {
            return;
        }
        long units = info.getInt(5) & 0xFFFFFFFFL;
        if (units * 2 > info.remaining() - 9) {
            return;
        }
        byte[] text = new byte[(int) units * 2];
        info.get(9, text);
        names.add(new String(text, StandardCharsets.UTF_16BE).replace("\0", ""));
    }
}
