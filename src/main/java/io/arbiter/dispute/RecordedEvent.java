package io.arbiter.dispute;

import java.time.Instant;
import java.util.UUID;

import io.arbiter.dispute.DisputeEvent.Visibility;

/**
 * One entry of a dispute's event chain as stored: the columns people read (type, time, actor, visibility, summary)
 * and the canonical form that seals them, tied to the entry before by {@code hash = SHA-256(previousHash + "\n" +
 * canonical)}. The visibility is null when the stored value names none.
 */
public record RecordedEvent(UUID disputeId, long sequence, String type, Instant at, String actorId, String actorRole,
                            Visibility visibility, String summary, String canonical, String previousHash,
                            String hash) {
}
