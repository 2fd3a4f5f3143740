package io.arbiter.evidence.inspection;

import java.time.Instant;

/**
 * Facts read from an image without trusting its name: its size in pixels, its fingerprint (null when the format
 * cannot be decoded here, or for a HEIC photo without the HEIF decoder), why a photo that could have a fingerprint
 * has none ({@code unfingerprinted}, null otherwise), and the EXIF fields that tell when, with what, and whether it
 * was edited. {@code decodedPreview} is a JPEG thumbnail of a picture only an external decoder reads (HEIC), made
 * while it was decoded; null for every other picture, whose thumbnail is drawn from the file itself.
 *
 * <p>{@code capturedAt} is EXIF DateTimeOriginal. EXIF has no zone: when the camera wrote OffsetTimeOriginal,
 * {@code capturedAtZoned} is true and the time is exact; otherwise the local time was read as UTC and may be off by
 * any zone offset, up to 14 hours either way, which a comparison with the order or upload time must allow for.
 */
public record ImageFacts(int width, int height, ImageFingerprint fingerprint, Instant capturedAt,
                         boolean capturedAtZoned, String software, String cameraMake, String cameraModel,
                         Unfingerprinted unfingerprinted, byte[] decodedPreview) {

    /** The upright picture's DCT hash, null when it has none. */
    public Long perceptualHash() {
        return fingerprint == null ? null : fingerprint.upright().phash();
    }

    /** {@link PerceptualHash#ALGORITHM} when there is a hash; store {@link PerceptualHash#VERSION} beside it. */
    public String perceptualHashAlgorithm() {
        return fingerprint == null ? null : PerceptualHash.ALGORITHM;
    }
}
