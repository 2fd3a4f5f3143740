package io.arbiter.evidence.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.evidence.upload.*}: resumable (tus) uploads. Their bytes wait under
 * {@code <arbiter.evidence.storage.directory>/tus} until the last byte arrives.
 *
 * @param expireAfter     how long after its creation an upload may be completed; after that it answers 410 and the
 *                        cleanup removes it with its bytes (default 24 hours)
 * @param cleanupInterval how often expired uploads are looked for (default 10 minutes)
 */
@ConfigurationProperties("arbiter.evidence.upload")
record UploadProperties(Duration expireAfter, Duration cleanupInterval) {

    UploadProperties {
        expireAfter = expireAfter == null ? Duration.ofHours(24) : expireAfter;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(10) : cleanupInterval;
        if (expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("arbiter.evidence.upload.expire-after must be positive");
        }
    }
}
