package io.arbiter.evidence.upload;

import java.time.Instant;
import java.util.UUID;

/** A resumable upload that has not been completed yet: whose it is, what it will be, and until when it may be. */
record PendingUpload(UUID id, UUID disputeId, String owner, UploadMetadata metadata, long length, Instant createdAt,
                     Instant expiresAt) {

    boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
