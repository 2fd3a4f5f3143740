package io.arbiter.evidence.inspection;

/**
 * What walking an image's structure found without decoding a pixel: the size it declares and the metadata blocks
 * it carries.
 */
record ImageHeader(long width, long height, EmbeddedMetadata metadata) {

    long pixels() {
        return pixels(width, height);
    }

    /** Width times height, or Long.MAX_VALUE when that does not fit (four-byte sizes can declare more). */
    static long pixels(long width, long height) {
        return height != 0 && width > Long.MAX_VALUE / height ? Long.MAX_VALUE : width * height;
    }
}
