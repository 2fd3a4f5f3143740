package io.arbiter.evidence.inspection;

import java.util.List;

/**
 * What makes two pictures comparable: two 64-bit hashes of the picture as people see it (upright, without bars
 * and phone chrome), and the same hashes of its three quarter-turns, for finding a copy whose pixels were turned.
 * A picture that is {@code plain} (a blank wall, a clear sky) has hashes made of noise and is compared with
 * nothing. Compare hashes with {@link PerceptualHash#distance}.
 */
public record ImageFingerprint(boolean plain, Hashes upright, List<Hashes> turned) {

    /** The DCT pHash and the difference hash of one orientation. */
    public record Hashes(long phash, long dhash) {
    }

    public ImageFingerprint {
        turned = List.copyOf(turned);
    }
}
