package io.arbiter.evidence.inspection;

import java.io.InputStream;
import java.util.Locale;

import io.arbiter.common.PayloadTooLargeException;

/** Picks the structure walker for an image type, and refuses pixel floods from the size the header declares. */
final class ImageStructures {

    private ImageStructures() {
    }

    /** Walks the whole image; only called for the types in {@link ContentTypes#PHOTOS}. */
    static ImageHeader read(String mediaType, InputStream in, long metadataBudget) {
        return switch (mediaType) {
            case ContentTypes.JPEG -> JpegStructure.read(in, metadataBudget);
            case ContentTypes.PNG -> PngStructure.read(in, metadataBudget);
            case ContentTypes.WEBP -> WebpStructure.read(in, metadataBudget);
            case ContentTypes.HEIC, ContentTypes.HEIF -> HeifStructure.read(in, metadataBudget);
            default -> throw new IllegalArgumentException("not an image type: " + mediaType);
        };
    }

    static void requireAtMost(ImageHeader header, long maxPixels) {
        if (header.pixels() > maxPixels) {
            throw new PayloadTooLargeException("file", String.format(Locale.ROOT,
                    "the image declares %d x %d pixels (%,d); at most %,d pixels are accepted", header.width(),
                    header.height(), header.pixels(), maxPixels));
        }
    }
}
