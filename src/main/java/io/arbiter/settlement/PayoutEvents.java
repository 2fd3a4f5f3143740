package io.arbiter.settlement;

import java.time.Instant;
import java.util.UUID;

/** What happens to payout instructions, for notifications and webhooks. Amounts in minor units. */
public final class PayoutEvents {

    private PayoutEvents() {
    }

    /** The payment side moved the money; it is booked in the ledger. */
    public record PayoutConfirmed(UUID payoutId, String orderId, UUID disputeId, String kind, String recipientId,
                                  long amount, String currency, Instant at) {
    }

    /** The payment side could not move the money, or it could not be reached: an admin must act. */
    public record PayoutNeedsAttention(UUID payoutId, String orderId, UUID disputeId, String kind, String status,
                                       String reason, Instant at) {
    }
}
