package io.arbiter.dispute;

import static io.arbiter.dispute.Dispute.requireText;

import java.time.Instant;

import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeEvents.ReturnAddressConfirmed;
import io.arbiter.dispute.DisputeEvents.ReturnDelivered;
import io.arbiter.dispute.DisputeEvents.ReturnReceived;
import io.arbiter.dispute.DisputeEvents.ReturnShipped;

/** The return shipment after a full refund with return: the address, the shipment, its delivery and receipt. */
final class Returns {

    private final Dispute d;

    Returns(Dispute dispute) {
        this.d = dispute;
    }

    Dispute confirmReturnAddress(Participant seller, String address, Instant now) {
        d.require(DisputeAction.CONFIRM_RETURN_ADDRESS, seller);
        requireText(address, "address");
        d.returnShipment = ReturnShipment.to(address, now);
        d.moveTo(DisputeStatus.AWAITING_RETURN_SHIPMENT, Party.BUYER, now.plus(d.policy.returnShipment()));
        d.registerEvent(new ReturnAddressConfirmed(d.id, address, d.dueAt, seller.asActor(), now));
        return d;
    }

    /** Only after the seller confirmed the address: a return shipped without it cannot be processed. */
    Dispute shipReturn(Participant buyer, String carrier, String trackingNumber, Long shippingCost, Instant now) {
        d.require(DisputeAction.SHIP_RETURN, buyer);
        requireText(carrier, "carrier");
        requireText(trackingNumber, "trackingNumber");
        if (shippingCost != null && shippingCost < 0) {
            throw new RuleViolationException("shippingCost", "a shipping cost is 0 or more");
        }
        d.returnShipment = d.returnShipment.withShipment(carrier, trackingNumber, shippingCost, now);
        d.moveTo(DisputeStatus.AWAITING_RETURN_RECEIPT, Party.SELLER, null);
        d.registerEvent(new ReturnShipped(d.id, carrier, trackingNumber, shippingCost, buyer.asActor(), now));
        return d;
    }

    /** Tracking shows the return delivered: the seller's window to confirm receipt starts. */
    Dispute returnDelivered(Participant integration, Instant deliveredAt, Instant now) {
        d.require(DisputeAction.REPORT_RETURN_DELIVERED, integration);
        if (deliveredAt.isAfter(now) || deliveredAt.isBefore(d.returnShipment.shippedAt())) {
            throw new RuleViolationException("deliveredAt", "the return was delivered between its shipment ("
                    + d.returnShipment.shippedAt() + ") and now");
        }
        d.returnShipment = d.returnShipment.withDeliveredAt(deliveredAt);
        d.dueAt = deliveredAt.plus(d.policy.returnReceipt());
        d.registerEvent(new ReturnDelivered(d.id, deliveredAt, d.dueAt, integration.asActor(), now));
        return d;
    }

    Dispute confirmReturnReceipt(Participant seller, Instant now) {
        d.require(DisputeAction.CONFIRM_RETURN_RECEIPT, seller);
        d.returnShipment = d.returnShipment.withReceivedAt(now);
        d.registerEvent(new ReturnReceived(d.id, seller.asActor(), now));
        d.close(DisputeStatus.RESOLVED, d.held(), d.money(0), seller.asActor(), now);
        return d;
    }
}
