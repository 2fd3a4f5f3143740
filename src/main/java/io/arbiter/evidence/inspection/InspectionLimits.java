package io.arbiter.evidence.inspection;

/**
 * How far the content check lets a file go before refusing it.
 *
 * @param maxZipEntries           entries (files and folders) an archive may list
 * @param maxZipUncompressedBytes bytes an archive may expand to in total, counted while decompressing
 * @param maxZipCompressionRatio  how many times larger than its compressed form an entry, or the whole archive, may
 *                                expand once it passes {@link #RATIO_GRACE_BYTES}
 * @param maxImagePixels          width times height an image may declare, checked before any pixel is decoded
 * @param maxImageMetadataBytes   EXIF, XMP and Photoshop metadata kept in memory per image; what is beyond is still
 *                                scanned for markup but not read as metadata
 */
public record InspectionLimits(int maxZipEntries, long maxZipUncompressedBytes, int maxZipCompressionRatio,
                               long maxImagePixels, int maxImageMetadataBytes) {

    /**
     * Small entries are exempt from the ratio check: a few kilobytes of zeros compress a thousandfold and harm nobody,
     * while a bomb has to expand far beyond this to hurt.
     */
    public static final long RATIO_GRACE_BYTES = 1024 * 1024;

    public InspectionLimits {
        if (maxZipEntries < 1 || maxZipUncompressedBytes < 1 || maxZipCompressionRatio < 1 || maxImagePixels < 1
                || maxImageMetadataBytes < 1) {
            throw new IllegalArgumentException("every inspection limit must be positive");
        }
        if (maxImagePixels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxImagePixels must fit an int, as an accepted image's width must");
        }
    }

    /** 100 entries, 4 GiB expanded, ratio 100, 100 megapixels, 1 MiB of image metadata. */
    public static InspectionLimits defaults() {
        return new InspectionLimits(100, 4L * 1024 * 1024 * 1024, 100, 100_000_000L, 1024 * 1024);
    }
}
