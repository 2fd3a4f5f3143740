package io.arbiter.evidence.inspection;

import java.time.Instant;

/**
 * Facts read from an image without trusting its name: its size in pixels, a perceptual hash (null when the
 * format cannot be decoded here, e.g. HEIC) with the algorithm and version that made it, and the EXIF fields
 * that tell when, with what, and whether it was edited.
 */
public record ImageFacts(int width, int height, Long perceptualHash, String perceptualHashAlgorithm,
                         Instant capturedAt, String software, String cameraMake, String cameraModel) {
}
