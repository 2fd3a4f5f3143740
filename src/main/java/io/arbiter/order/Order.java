package io.arbiter.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;


import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;

/** An order as the marketplace reported it, with the escrow hold on its payment. */
class Order {

    // The state is package-private so that OrderStore maps it by hand; only the methods below change it.
    String id;
    /** Null until the order is first written. */
    Long version;
    String buyerId;
    String sellerId;
    String currency;
    long totalAmount;
    long paidAmount;
    Instant placedAt;
    Instant promisedDeliveryBy;
    Instant shippedAt;
    String carrier;
    String trackingNumber;
    Instant deliveredAt;
    List<OrderLine> lines = new ArrayList<>();
    List<TrackingEvent> trackingEvents = new ArrayList<>();
    Escrow escrow;
    Instant importedAt;
    Instant updatedAt;

    /** Whether the lines or the tracking events changed since the order was read, so that the store writes them. */
    transient boolean linesChanged;
    transient boolean trackingEventsChanged;
    private final transient List<Object> events = new ArrayList<>();
    /** The view of this version, built once: a step reads its order for several purposes. */
    private transient OrderView view;

    Order() {
    }

    private void registerEvent(Object event) {
        events.add(event);
    }

    OrderView view() {
        if (view == null) {
            view = OrderView.of(this);
        }
        return view;
    }

    /** After a save: the next view shows what was saved. Returns what the changes registered, to be published. */
    List<Object> saved() {
        view = null;
        linesChanged = false;
        trackingEventsChanged = false;
        return takeEvents();
    }

    private List<Object> takeEvents() {
        List<Object> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    /** The parts of an order that the marketplace may send again at any time. */
    record Shipment(Instant shippedAt, String carrier, String trackingNumber, Instant deliveredAt,
                    List<TrackingEvent> events) {
    }

    /** The parts of an order that stop changing once the buyer has disputed it or the hold has resolved. */
    record Terms(String buyerId, String sellerId, String currency, long totalAmount, long paidAmount,
                 Instant placedAt, Instant promisedDeliveryBy, List<OrderLine> lines) {
    }

    static Order imported(String id, Terms terms, Shipment shipment, Instant now) {
        Order order = new Order();
        order.id = id;
        order.applyTerms(terms);
        order.applyShipment(shipment);
        order.escrow = Escrow.holding(terms.paidAmount());
        order.importedAt = now;
        order.updatedAt = now;
        order.registerEvent(new OrderEvents.PaymentHeld(id, terms.buyerId(), terms.sellerId(), terms.currency(),
                terms.paidAmount(), 0, now));
        order.deliveredSince(null, now);
        return order;
    }

    /** Applies a re-import. Returns whether anything changed. */
    boolean reimport(Terms terms, Shipment shipment, Instant now) {
        boolean termsChanged = !terms.equals(terms());
        if (termsChanged && (escrow.disputed() || escrow.status() != EscrowStatus.HELD)) {
            throw new StateConflictException("order " + id + " has been disputed or settled: its parties, amounts,"
                    + " dates and lines can no longer change; only shipment and tracking can");
        }
        boolean shipmentChanged = !shipment.equals(shipment());
        if (!terms.currency().equals(currency)) {
            throw new RuleViolationException("currency", "the currency of order " + id + " is " + currency
                    + " and cannot change");
        }
        if (termsChanged) {
            long previous = paidAmount;
            applyTerms(terms);
            escrow = Escrow.holding(terms.paidAmount());
            if (previous != paidAmount) {
                registerEvent(new OrderEvents.PaymentHeld(id, buyerId, sellerId, currency, paidAmount, previous, now));
            }
        }
        if (shipmentChanged) {
            Instant deliveredBefore = deliveredAt;
            applyShipment(shipment);
            deliveredSince(deliveredBefore, now);
        }
        if (termsChanged || shipmentChanged) {
            updatedAt = now;
        }
        return termsChanged || shipmentChanged;
    }

    /** Adds one tracking event. Returns false if the same event was reported before. */
    boolean track(TrackingEvent event, Instant now) {
        if (trackingEvents.contains(event)) {
            return false;
        }
        trackingEvents.add(event);
        trackingEvents.sort(Comparator.comparing(TrackingEvent::occurredAt));
        trackingEventsChanged = true;
        if (event.status() == TrackingStatus.DELIVERED && deliveredAt == null) {
            deliveredAt = event.occurredAt();
            deliveredSince(null, now);
        }
        if (shippedAt == null && event.status() != TrackingStatus.LABEL_CREATED) {
            shippedAt = event.occurredAt();
        }
        updatedAt = now;
        return true;
    }

    void freezeFor(UUID disputeId, Instant now) {
        escrow = escrow.freezeFor(disputeId);
        updatedAt = now;
    }

    void settleDispute(UUID disputeId, long refund, long release, Instant now) {
        escrow = escrow.settle(disputeId, refund, release);
        updatedAt = now;
        if (refund + release > 0) {
            registerEvent(new OrderEvents.HoldResolved(id, buyerId, sellerId, currency, refund, release, disputeId, now));
        }
    }

    void confirmReceipt(Instant now) {
        long held = escrow.held();
        escrow = escrow.releaseAll();
        updatedAt = now;
        registerEvent(new OrderEvents.HoldResolved(id, buyerId, sellerId, currency, 0, held, null, now));
    }

    /** Tells whoever runs the buyer-protection period when the order was delivered, if that is new. */
    private void deliveredSince(Instant deliveredBefore, Instant now) {
        if (deliveredAt != null && !deliveredAt.equals(deliveredBefore)) {
            registerEvent(new OrderEvents.OrderDelivered(id, buyerId, sellerId, deliveredAt, now));
        }
    }

    Optional<TrackingStatus> latestTrackingStatus() {
        if (deliveredAt != null) {
            return Optional.of(TrackingStatus.DELIVERED);
        }
        return trackingEvents.stream().max(Comparator.comparing(TrackingEvent::occurredAt)).map(TrackingEvent::status);
    }

    boolean delivered() {
        return deliveredAt != null;
    }

    int pieces() {
        return lines.stream().mapToInt(OrderLine::quantity).sum();
    }

    private Terms terms() {
        return new Terms(buyerId, sellerId, currency, totalAmount, paidAmount, placedAt, promisedDeliveryBy, lines);
    }

    private Shipment shipment() {
        return new Shipment(shippedAt, carrier, trackingNumber, deliveredAt, trackingEvents);
    }

    private void applyTerms(Terms terms) {
        buyerId = terms.buyerId();
        sellerId = terms.sellerId();
        currency = terms.currency();
        totalAmount = terms.totalAmount();
        paidAmount = terms.paidAmount();
        placedAt = terms.placedAt();
        promisedDeliveryBy = terms.promisedDeliveryBy();
        if (!terms.lines().equals(lines)) {
            lines = new ArrayList<>(terms.lines());
            linesChanged = true;
        }
    }

    private void applyShipment(Shipment shipment) {
        carrier = shipment.carrier();
        trackingNumber = shipment.trackingNumber();
        List<TrackingEvent> sorted = new ArrayList<>(shipment.events());
        sorted.sort(Comparator.comparing(TrackingEvent::occurredAt));
        if (!sorted.equals(trackingEvents)) {
            trackingEvents = sorted;
            trackingEventsChanged = true;
        }
        shippedAt = shipment.shippedAt();
        deliveredAt = shipment.deliveredAt() != null ? shipment.deliveredAt()
                : trackingEvents.stream().filter(e -> e.status() == TrackingStatus.DELIVERED)
                        .map(TrackingEvent::occurredAt).findFirst().orElse(null);
    }

    String id() {
        return id;
    }

    String buyerId() {
        return buyerId;
    }

    String sellerId() {
        return sellerId;
    }

    String currency() {
        return currency;
    }

    long totalAmount() {
        return totalAmount;
    }

    long paidAmount() {
        return paidAmount;
    }

    Instant placedAt() {
        return placedAt;
    }

    Instant promisedDeliveryBy() {
        return promisedDeliveryBy;
    }

    Instant shippedAt() {
        return shippedAt;
    }

    String carrier() {
        return carrier;
    }

    String trackingNumber() {
        return trackingNumber;
    }

    Instant deliveredAt() {
        return deliveredAt;
    }

    List<OrderLine> lines() {
        return List.copyOf(lines);
    }

    List<TrackingEvent> trackingEvents() {
        return List.copyOf(trackingEvents);
    }

    Escrow escrow() {
        return escrow;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Long version() {
        return version;
    }

    boolean involves(String userId) {
        return Objects.equals(buyerId, userId) || Objects.equals(sellerId, userId);
    }
}
