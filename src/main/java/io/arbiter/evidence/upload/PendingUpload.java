package io.arbiter.evidence.upload;

import java.time.Instant;
import java.util.UUID;

/**
 * A resumable upload: whose it is, what it will be, until when it may be completed, and once it is, the piece of
 * evidence it became ({@code evidenceId}, null until then).
 */
record PendingUpload(UUID id, UUID disputeId, String owner, UploadMetadata metadata, long length, Instant createdAt,
                     Instant expiresAt, UUID evidenceId) {

    boolean finished() {
        return evidenceId != null;
    }

    boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
