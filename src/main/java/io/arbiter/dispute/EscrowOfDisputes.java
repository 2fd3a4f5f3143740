package io.arbiter.dispute;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.order.OrderService;

/**
 * Keeps the order's hold in step with its dispute, in the same transaction: frozen from opening, then
 * resolved by the money outcome. Because the dispute's version guards each closing, a retried or racing
 * request cannot apply an outcome twice.
 */
@Component
class EscrowOfDisputes {

    private final OrderService orders;

    EscrowOfDisputes(OrderService orders) {
        this.orders = orders;
    }

    @EventListener
    void on(DisputeOpened event) {
        orders.freezeForDispute(event.orderId(), event.disputeId());
    }

    @EventListener
    void on(DisputeClosed event) {
        orders.settleDispute(event.orderId(), event.disputeId(), event.refundToBuyer().amount(),
                event.releaseToSeller().amount());
    }
}
