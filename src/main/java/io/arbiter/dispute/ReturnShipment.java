package io.arbiter.dispute;

import java.time.Instant;

/** The return after a full refund with return: the seller's address, the buyer's shipment, its delivery, receipt. */
public record ReturnShipment(String address, Instant addressConfirmedAt, String carrier, String trackingNumber,
                             Long shippingCost, Instant shippedAt, Instant deliveredAt, Instant receivedAt) {
    static ReturnShipment to(String address, Instant confirmedAt) {
        return new ReturnShipment(address, confirmedAt, null, null, null, null, null, null);
    }

    ReturnShipment withShipment(String carrier, String trackingNumber, Long shippingCost, Instant shippedAt) {
        return new ReturnShipment(address, addressConfirmedAt, carrier, trackingNumber, shippingCost, shippedAt,
                null, null);
    }

    ReturnShipment withDeliveredAt(Instant at) {
        return new ReturnShipment(address, addressConfirmedAt, carrier, trackingNumber, shippingCost, shippedAt,
                at, null);
    }

    ReturnShipment withReceivedAt(Instant at) {
        return new ReturnShipment(address, addressConfirmedAt, carrier, trackingNumber, shippingCost, shippedAt,
                deliveredAt, at);
    }
}
