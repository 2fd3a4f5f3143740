package io.arbiter.evidence.inspection;

/** A sign read from a file's metadata that it may have been edited (code for machines, detail for agents). */
public record IntegritySignal(String code, String detail) {

    /** EXIF Software, XMP CreatorTool or history, Photoshop version info or PNG Software names an image editor. */
    public static final String EDITING_SOFTWARE = "EDITING_SOFTWARE";
    /** EXIF DateTime (when the file was last written) is more than a minute after DateTimeOriginal. */
    public static final String MODIFIED_AFTER_CAPTURE = "MODIFIED_AFTER_CAPTURE";
    /**
     * Camera fields disagree: make or model differ between metadata blocks, a model comes without a make, or the
     * embedded thumbnail has another shape than the image.
     */
    public static final String CAMERA_FIELDS_MISMATCH = "CAMERA_FIELDS_MISMATCH";
}
