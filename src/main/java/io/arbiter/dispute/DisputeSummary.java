package io.arbiter.dispute;

import java.time.Instant;
import java.util.UUID;

/**
 * A dispute in a list: enough to see where it stands and whether it waits for you. {@code reviewOverdue}: in the
 * agents' queue past its review due time, with no agent acting since.
 */
public record DisputeSummary(UUID id, String orderId, DisputeReason reason, DisputeStatus status, Party whoseMove,
                             Instant dueAt, boolean awaitingYou, String buyerId, String sellerId,
                             String assignedAgentId, String currency, long held, Instant openedAt,
                             Instant latestUpdateAt, String latestUpdate, boolean reviewOverdue) {
}
