package io.arbiter.dispute;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.arbiter.dispute.DisputeReason.EvidenceRequirement;

/**
 * A dispute as the evidence module needs it: the caller's side, what the reason requires, how many pieces were
 * bought and said to be affected, and when the order was placed (a photo taken before that is suspicious).
 */
public record EvidenceContext(UUID disputeId, String orderId, Party party, DisputeReason reason,
                              List<EvidenceRequirement> requirements, int piecesOrdered, int piecesAffected,
                              Instant orderPlacedAt, boolean closed) {
}
