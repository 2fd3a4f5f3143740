package io.arbiter.dispute;

import java.time.Instant;
import java.util.UUID;

/**
 * A dispute as a notice about it needs it: who takes part, what it is about, and where it stands. Read from the
 * dispute alone, without the order, timeline and money a {@link DisputeView} gathers.
 */
public record DisputeBrief(UUID id, String orderId, String buyerId, String sellerId, String currency,
                           DisputeReason reason, Instant escalatedAt, String assignedAgentId, Instant reviewDueAt,
                           ReturnShipment returnShipment, DisputeView.Outcome outcome) {
}
