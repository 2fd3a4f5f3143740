package io.arbiter.evidence.inspection;

import java.time.Instant;

/**
 * Facts read from an image without trusting its name: its size in pixels, a perceptual hash (null when the
 * format cannot be decoded here, e.g. HEIC) with the algorithm and version that made it, and the EXIF fields
 * that tell when, with what, and whether it was edited.
 *
 * <p>{@code perceptualHashAlgorithm} is {@link PerceptualHash#ALGORITHM}; store {@link PerceptualHash#VERSION}
 * beside it. {@code capturedAt} is EXIF DateTimeOriginal: EXIF has no zone, so the OffsetTimeOriginal tag is applied
 * when the camera wrote it, and otherwise the time is read as UTC (off by the camera's zone offset, which a
 * comparison with the order or upload time must tolerate). HEIC photos carry no EXIF fields here.
 */
public record ImageFacts(int width, int height, Long perceptualHash, String perceptualHashAlgorithm,
                         Instant capturedAt, String software, String cameraMake, String cameraModel) {
}
