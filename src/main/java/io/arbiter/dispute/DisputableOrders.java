package io.arbiter.dispute;

import java.time.Instant;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.StateConflictException;
import io.arbiter.identity.Actor;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/**
 * The orders a buyer may open a dispute on: their own (404 for anyone else's), with no dispute open on it and money
 * still held (409 otherwise), and the facts of the order a claim is checked against.
 */
final class DisputableOrders {

    private final OrderService orders;

    DisputableOrders(OrderService orders) {
        this.orders = orders;
    }

    /** The caller's own order; 404 for an order that is not the caller's. */
    OrderView ofBuyer(Actor buyer, String orderId) {
        return orders.find(orderId).filter(o -> o.buyerId().equals(buyer.id()))
                .orElseThrow(() -> new NotFoundException("order", orderId));
    }

    /** The caller's own order, if a dispute may be opened on it now. */
    OrderView disputableBy(Actor buyer, String orderId) {
        OrderView order = ofBuyer(buyer, orderId);
        if (order.escrow().frozen()) {
            throw new StateConflictException("order " + order.id() + " already has an open dispute ("
                    + order.escrow().openDisputeId() + ")");
        }
        // Before the claim's amount is checked against what is held: "an amount from 1 to 0" hid the reason.
        if (order.escrow().held() == 0) {
            throw new StateConflictException(nothingHeld(order));
        }
        return order;
    }

    static Dispute.OrderFacts factsOf(OrderView order, Instant now) {
        return new Dispute.OrderFacts(order.id(), order.buyerId(), order.sellerId(), order.currency(),
                order.escrow().held(), order.pieces(), order.delivered(), order.inTransitWithinPromisedWindow(now),
                order.promisedDeliveryBy());
    }

    /** Why a claim on this order can ask for no money: where its payment went (in minor units). */
    private static String nothingHeld(OrderView order) {
        OrderView.EscrowView escrow = order.escrow();
        String went = escrow.refunded() > 0 && escrow.released() > 0
                ? "refunded to you (" + escrow.refunded() + ") and released to the seller (" + escrow.released() + ")"
                : escrow.refunded() > 0 ? "refunded to you (" + escrow.refunded() + ")"
                : escrow.released() > 0 ? "released to the seller (" + escrow.released() + ")" : null;
        return went == null ? "nothing was paid on order " + order.id() + ", so there is nothing to dispute"
                : "the payment of order " + order.id() + " was already " + went + ": nothing is held to dispute";
    }
}
