package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Metadata blocks copied out of an image as they were written: EXIF as TIFF bytes, XMP packets, Photoshop image
 * resource blocks, and a PNG's header and text chunks. Bounded by a byte budget so that a file made of metadata
 * cannot fill the memory: blocks beyond it are left unread.
 *
 * @param pngText a PNG's header and text chunks put together as a PNG of their own (no pixels), for
 *                metadata-extractor's PNG reader to read; null for other formats
 */
record EmbeddedMetadata(List<byte[]> exif, List<byte[]> xmp, List<byte[]> photoshop, byte[] pngText) {

    static final EmbeddedMetadata NONE = new EmbeddedMetadata(List.of(), List.of(), List.of(), null);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Gathers blocks while a walker reads them. */
    static final class Collector {

        private long budget;
        private final List<byte[]> exif = new ArrayList<>();
        private final List<byte[]> xmp = new ArrayList<>();
        private final List<byte[]> photoshop = new ArrayList<>();
        private ByteArrayOutputStream pngChunks;

        Collector(long budget) {
            this.budget = budget;
        }

        /** True when a block of this many bytes still fits the budget, which it then takes. */
        boolean take(long length) {
            if (length > budget) {
                return false;
            }
            budget -= length;
            return true;
        }

        void exif(byte[] tiff) {
            exif.add(tiff);
        }

        void xmp(byte[] packet) {
            xmp.add(packet);
        }

        void photoshop(byte[] resources) {
            photoshop.add(resources);
        }

        /** A PNG chunk as it was written (the header first), its length and CRC made anew. */
        void pngChunk(String type, byte[] data) {
            if (pngChunks == null) {
                pngChunks = new ByteArrayOutputStream();
                pngChunks.writeBytes(PNG_SIGNATURE);
            }
            byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
            CRC32 crc = new CRC32();
            crc.update(typeBytes);
            crc.update(data);
            pngChunks.writeBytes(ByteBuffer.allocate(4 + 4 + data.length + 4).putInt(data.length).put(typeBytes)
                    .put(data).putInt((int) crc.getValue()).array());
        }

        EmbeddedMetadata collected() {
            byte[] pngText = null;
            if (pngChunks != null) {
                pngChunk("IEND", new byte[0]);
                pngText = pngChunks.toByteArray();
            }
            return new EmbeddedMetadata(List.copyOf(exif), List.copyOf(xmp), List.copyOf(photoshop), pngText);
        }
    }
}
