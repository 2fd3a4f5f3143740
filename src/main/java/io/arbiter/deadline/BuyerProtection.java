package io.arbiter.deadline;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeService;
import io.arbiter.order.EscrowStatus;
import io.arbiter.order.OrderService;

/**
 * The buyer-protection period: it runs from delivery, or from the end of the latest dispute when the payment
 * outlived it (a reshipment leaves it held), and when it ends with the payment still held and no dispute open,
 * the payment is released to the seller as if the buyer had confirmed receipt.
 */
@Component
class BuyerProtection {

    private final OrderService orders;
    private final DisputeService disputes;
    private final DisputePolicy policy;
    private final Clock clock;

    BuyerProtection(OrderService orders, DisputeService disputes, DisputePolicy policy, Clock clock) {
        this.orders = orders;
        this.disputes = disputes;
        this.policy = policy;
        this.clock = clock;
    }

    /** When the period ends, read under the order's lock; empty when no period runs (not delivered, not held). */
    Optional<Instant> endOf(String orderId) {
        return orders.findHoldLocked(orderId).flatMap(this::endOf);
    }

    /** Releases the payment when the period is over; a timer for an earlier end finds it still running. */
    void endIfOver(String orderId) {
        Optional<Instant> end = endOf(orderId);
        if (end.isPresent() && !end.get().isAfter(clock.instant())) {
            orders.releaseAfterBuyerProtection(orderId);
        }
    }

    private Optional<Instant> endOf(OrderService.Hold hold) {
        if (hold.deliveredAt() == null || hold.status() != EscrowStatus.HELD || hold.frozen() || hold.held() == 0) {
            return Optional.empty();
        }
        Instant start = hold.deliveredAt();
        Optional<Instant> lastDisputeClosed = disputes.lastClosedOn(hold.orderId());
        if (lastDisputeClosed.isPresent() && lastDisputeClosed.get().isAfter(start)) {
            start = lastDisputeClosed.get();
        }
        return Optional.of(start.plus(policy.buyerProtection()));
    }
}
