package io.arbiter.settlement;

import java.time.Instant;
import java.util.UUID;

/** A payout instruction as the API shows it. */
public record PayoutView(UUID id, String orderId, UUID disputeId, String kind, String recipientId, long amount,
                         String currency, String status, String provider, int resends, String lastError,
                         Instant createdAt, Instant sentAt, Instant confirmedAt, Instant failedAt) {
}
