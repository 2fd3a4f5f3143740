package io.arbiter.audit;

import java.time.Instant;
import java.util.UUID;

import io.arbiter.dispute.DisputeEvent.Visibility;

/**
 * One link of a dispute's hash chain: the event's canonical form ({@link CanonicalJson}) and the hashes that tie
 * it to the entry before. {@code hash = SHA-256(previousHash + "\n" + canonical)}.
 */
public record ChainEntry(UUID disputeId, long sequence, String type, Instant at, String actorId, String actorRole,
                         Visibility visibility, String canonical, String previousHash, String hash) {
}
