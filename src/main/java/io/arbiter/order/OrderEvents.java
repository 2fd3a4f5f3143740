package io.arbiter.order;

import java.time.Instant;
import java.util.UUID;

/** What happens to an order's payment. Amounts are minor units of {@code currency}. */
public final class OrderEvents {

    private OrderEvents() {
    }

    /**
     * The marketplace reported what the buyer paid, which the marketplace now holds. On a re-import that changes
     * the amount (only possible before any dispute), {@code previousAmount} is what was held before.
     */
    public record PaymentHeld(String orderId, String buyerId, String sellerId, String currency, long amount,
                              long previousAmount, Instant at) {
    }

    /**
     * The hold on the order's payment was resolved, in full and once: {@code refundToBuyer + releaseToSeller}
     * is everything that was held. {@code disputeId} is null when the buyer confirmed receipt or the
     * buyer-protection period ended with no dispute open.
     */
    public record HoldResolved(String orderId, String buyerId, String sellerId, String currency, long refundToBuyer,
                               long releaseToSeller, UUID disputeId, Instant at) {
    }

    /**
     * Tracking shows the order delivered, or the marketplace corrected when it was: the buyer-protection period
     * runs from {@code deliveredAt}.
     */
    public record OrderDelivered(String orderId, String buyerId, String sellerId, Instant deliveredAt, Instant at) {
    }
}
