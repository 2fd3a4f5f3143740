package io.arbiter.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An order as the API shows it, and as other modules read it. Amounts are in minor units of {@code currency}. */
public record OrderView(
        String id,
        String buyerId,
        String sellerId,
        String currency,
        long total,
        long paid,
        Instant placedAt,
        Instant promisedDeliveryBy,
        Shipment shipment,
        List<Line> lines,
        int pieces,
        EscrowView escrow,
        Instant updatedAt) {

    public record Line(String sku, String title, String description, int quantity, long unitPrice,
                       Map<String, String> attributes, List<String> imageUrls) {
    }

    public record Shipment(String carrier, String trackingNumber, Instant shippedAt, Instant deliveredAt,
                           TrackingStatus trackingStatus, List<Tracking> events) {
    }

    public record Tracking(TrackingStatus status, Instant at, String location, String description) {
    }

    public record EscrowView(EscrowStatus status, long held, long refunded, long released, boolean frozen,
                             UUID openDisputeId) {
    }

    public boolean delivered() {
        return shipment.deliveredAt() != null;
    }

    /** Shipped, not delivered, and the promised delivery date has not passed yet. */
    public boolean inTransitWithinPromisedWindow(Instant now) {
        boolean inTransit = shipment.shippedAt() != null && !delivered()
                && shipment.trackingStatus() != TrackingStatus.LOST
                && shipment.trackingStatus() != TrackingStatus.RETURNED_TO_SENDER;
        return inTransit && promisedDeliveryBy != null && !now.isAfter(promisedDeliveryBy);
    }

    static OrderView of(Order order) {
        Escrow escrow = order.escrow();
        return new OrderView(order.id(), order.buyerId(), order.sellerId(), order.currency(), order.totalAmount(),
                order.paidAmount(), order.placedAt(), order.promisedDeliveryBy(),
                new Shipment(order.carrier(), order.trackingNumber(), order.shippedAt(), order.deliveredAt(),
                        order.latestTrackingStatus().orElse(null),
                        order.trackingEvents().stream()
                                .map(e -> new Tracking(e.status(), e.occurredAt(), e.location(), e.description()))
                                .toList()),
                order.lines().stream()
                        .map(l -> new Line(l.sku(), l.title(), l.description(), l.quantity(), l.unitPrice(),
                                l.attributeMap(), l.imageUrlList()))
                        .toList(),
                order.pieces(),
                new EscrowView(escrow.status(), escrow.held(), escrow.refunded(), escrow.released(), escrow.frozen(),
                        escrow.openDisputeId()),
                order.updatedAt());
    }
}
