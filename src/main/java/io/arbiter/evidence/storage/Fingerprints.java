package io.arbiter.evidence.storage;

import java.util.regex.Pattern;

/** The one shape a blob key may have: a SHA-256 as 64 lower-case hex digits. */
final class Fingerprints {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Fingerprints() {
    }

    static String requireSha256(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        return sha256;
    }
}
