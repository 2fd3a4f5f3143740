package io.arbiter.evidence.inspection;

import java.util.ArrayList;
import java.util.List;

/**
 * Metadata blocks copied out of an image as they were written: EXIF as TIFF bytes, XMP packets, Photoshop image
 * resource blocks, and the Software text of a PNG. Bounded by a byte budget so that a file made of metadata
 * cannot fill the memory: blocks beyond it are left unread.
 */
record EmbeddedMetadata(List<byte[]> exif, List<byte[]> xmp, List<byte[]> photoshop, String software) {

    static final EmbeddedMetadata NONE = new EmbeddedMetadata(List.of(), List.of(), List.of(), null);

    /** Gathers blocks while a walker reads them. */
    static final class Collector {

        private long budget;
        private final List<byte[]> exif = new ArrayList<>();
        private final List<byte[]> xmp = new ArrayList<>();
        private final List<byte[]> photoshop = new ArrayList<>();
        private String software;

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

        void software(String text) {
            if (software == null) {
                software = text;
            }
        }

        EmbeddedMetadata collected() {
            return new EmbeddedMetadata(List.copyOf(exif), List.copyOf(xmp), List.copyOf(photoshop), software);
        }
    }
}
