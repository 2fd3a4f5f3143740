package io.arbiter.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.SqlTime;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.identity.UserDirectory.NamedParty;

@Service
public class OrderService {

    /**
     * The times a marketplace reports are refused outside these bounds: a far year is a typing or encoding error, and
     * the databases do not store every year Java reads (H2 wrapped one, PostgreSQL refuses some and keeps others).
     */
    private static final Instant EARLIEST_REPORTED = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration LATEST_REPORTED_AHEAD = Duration.ofDays(366);

    private final OrderStore orders;
    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final Clock clock;

    OrderService(OrderStore orders, JdbcClient jdbc, UserDirectory users, Clock clock) {
        this.orders = orders;
        this.jdbc = jdbc;
        this.users = users;
        this.clock = clock;
    }

    public record ImportResult(OrderView order, boolean created, boolean changed) {
    }

    /** Creates or updates an order by the marketplace's id. Sending the same order twice changes nothing. */
    @Transactional
    public ImportResult importOrder(Actor actor, String orderId, ImportOrder request) {
        requireRole(actor, Role.INTEGRATION, "only the marketplace integration imports orders");
        if (request.paid() > request.total()) {
            throw new RuleViolationException("paid", "paid (" + request.paid() + ") exceeds the order total ("
                    + request.total() + ")");
        }
        if (request.buyer().id().equals(request.seller().id())) {
            throw new RuleViolationException("seller.id", "buyer and seller must be different users");
        }
        try {
            io.arbiter.common.Money.requireCurrency(request.currency());
        } catch (IllegalArgumentException e) {
            throw new RuleViolationException("currency", e.getMessage());
        }
        users.registerParties(List.of(
                new NamedParty(request.buyer().id(), Role.BUYER, request.buyer().name(), request.buyer().email()),
                new NamedParty(request.seller().id(), Role.SELLER, request.seller().name(), request.seller().email())));

        Instant now = clock.instant();
        requireReportedTimes(request, now);
        Order.Terms terms = termsOf(request);
        Order.Shipment shipment = shipmentOf(request.shipment());
        Optional<Order> existing = orders.find(orderId);
        if (existing.isEmpty()) {
            return new ImportResult(orders.save(Order.imported(orderId, terms, shipment, now)).view(), true, true);
        }
        Order order = existing.get();
        boolean changed = order.reimport(terms, shipment, now);
        return new ImportResult((changed ? orders.save(order) : order).view(), false, changed);
    }

    @Transactional
    public OrderView addTrackingEvent(Actor actor, String orderId, ImportOrder.TrackingUpdate update) {
        requireRole(actor, Role.INTEGRATION, "only the marketplace integration reports tracking");
        requireReported("at", update.at(), clock.instant());
        Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        if (order.track(new TrackingEvent(update.status(), micros(update.at()), update.location(), update.description()),
                clock.instant())) {
            order = orders.save(order);
        }
        return order.view();
    }

    private static void requireReportedTimes(ImportOrder request, Instant now) {
        requireReported("placedAt", request.placedAt(), now);
        requireReported("promisedDeliveryBy", request.promisedDeliveryBy(), now);
        ImportOrder.ShipmentInfo shipment = request.shipment();
        if (shipment == null) {
            return;
        }
        requireReported("shipment.shippedAt", shipment.shippedAt(), now);
        requireReported("shipment.deliveredAt", shipment.deliveredAt(), now);
        List<ImportOrder.TrackingUpdate> events = shipment.events() == null ? List.of() : shipment.events();
        for (int i = 0; i < events.size(); i++) {
            requireReported("shipment.events[" + i + "].at", events.get(i).at(), now);
        }
    }

    private static void requireReported(String field, Instant at, Instant now) {
        Instant latest = now.plus(LATEST_REPORTED_AHEAD);
        if (at != null && (at.isBefore(EARLIEST_REPORTED) || at.isAfter(latest))) {
            throw new RuleViolationException(field, "must lie between " + EARLIEST_REPORTED + " and " + latest
                    + " (a year from now)");
        }
    }

    public OrderView findVisible(Actor actor, String orderId) {
        requireRole(actor, null, "agents read orders through the disputes they handle");
        return orders.find(orderId)
                .filter(order -> seesAll(actor) || order.involves(actor.id()))
                .map(Order::view)
                .orElseThrow(() -> new NotFoundException("order", orderId));
    }

    public PageResult<OrderView> list(Actor actor, EscrowStatus escrowStatus, PageRequest page) {
        requireRole(actor, null, "agents read orders through the disputes they handle");
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (actor.is(Role.BUYER)) {
            where.append(" and buyer_id = :me");
            params.put("me", actor.id());
        } else if (actor.is(Role.SELLER)) {
            where.append(" and seller_id = :me");
            params.put("me", actor.id());
        }
        if (escrowStatus != null) {
            where.append(" and escrow_status = :escrow");
            params.put("escrow", escrowStatus.name());
        }
        long total = jdbc.sql("select count(*) from marketplace_order" + where).params(params).query(Long.class).single();
        List<String> ids = jdbc.sql("select id from marketplace_order" + where
                        + " order by placed_at desc, id offset :offset rows fetch first :size rows only")
                .params(params).param("offset", page.offset()).param("size", page.size())
                .query(String.class).list();
        List<OrderView> items = new ArrayList<>();
        orders.findAll(ids).forEach(order -> items.add(order.view()));
        items.sort(java.util.Comparator.comparing(view -> ids.indexOf(view.id())));
        return new PageResult<>(items, page.page(), page.size(), total);
    }

    /** The buyer confirms the item arrived as expected: the held payment is released to the seller. */
    @Transactional
    public OrderView confirmReceipt(Actor actor, String orderId) {
        requireRole(actor, null, "agents read orders through the disputes they handle");
        Order order = orders.find(orderId)
                .filter(o -> seesAll(actor) || o.involves(actor.id()))
                .orElseThrow(() -> new NotFoundException("order", orderId));
        if (!actor.is(Role.BUYER) || !actor.id().equals(order.buyerId())) {
            throw new ForbiddenException("only the buyer confirms receipt of an order");
        }
        order.confirmReceipt(clock.instant());
        return orders.saveHold(order).view();
    }

    /** An order's hold as the buyer-protection period needs it. */
    public record Hold(String orderId, Instant deliveredAt, EscrowStatus status, long held, boolean frozen) {
    }

    /**
     * For the deadline engine: the order's hold, read under the order's lock so that it cannot change until the
     * caller's transaction ends. Only these columns: the deadline engine reads this for every change of a dispute. An
     * order this transaction wrote or locked already is answered from memory: its row stays locked until the end.
     */
    @Transactional
    public Optional<Hold> findHoldLocked(String orderId) {
        Optional<Order> held = orders.alreadyLocked(orderId);
        if (held.isPresent()) {
            Order order = held.get();
            Escrow escrow = order.escrow();
            return Optional.of(new Hold(orderId, order.deliveredAt(), escrow.status(), escrow.held(), escrow.frozen()));
        }
        return jdbc.sql("""
                        select delivered_at, escrow_status, escrow_held, escrow_open_dispute_id
                        from marketplace_order where id = :id for update""")
                .param("id", orderId)
                .query((rs, row) -> new Hold(orderId, SqlTime.instant(rs, "delivered_at"),
                        EscrowStatus.valueOf(rs.getString("escrow_status")), rs.getLong("escrow_held"),
                        rs.getObject("escrow_open_dispute_id") != null))
                .optional();
    }

    /** For other modules: when the order was delivered; empty when it was not, or there is no such order. */
    public Optional<Instant> deliveredAt(String orderId) {
        Optional<Order> read = orders.alreadyRead(orderId);
        if (read.isPresent()) {
            return Optional.ofNullable(read.get().deliveredAt());
        }
        return jdbc.sql("select delivered_at from marketplace_order where id = :id")
                .param("id", orderId)
                .query((rs, row) -> SqlTime.instant(rs, "delivered_at"))
                .list().stream().filter(Objects::nonNull).findFirst();
    }

    /**
     * The buyer-protection period ended: a payment still held with no dispute open is released to the seller, as
     * when the buyer confirms receipt. Returns whether it was; whether the period is over is the caller's rule.
     */
    @Transactional
    public boolean releaseAfterBuyerProtection(String orderId) {
        Optional<Order> found = orders.findLocked(orderId);
        if (found.isEmpty()) {
            return false;
        }
        Order order = found.get();
        Escrow escrow = order.escrow();
        if (!order.delivered() || escrow.frozen() || escrow.status() != EscrowStatus.HELD || escrow.held() == 0) {
            return false;
        }
        order.confirmReceipt(clock.instant());
        orders.saveHold(order);
        return true;
    }

    /** For other modules: the order, whoever asks. Callers check visibility themselves. */
    public Optional<OrderView> find(String orderId) {
        return orders.find(orderId).map(Order::view);
    }

    /** Freezes the hold while the dispute is open. Refused when another dispute is open or nothing is held. */
    @Transactional
    public OrderView freezeForDispute(String orderId, UUID disputeId) {
        Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        order.freezeFor(disputeId, clock.instant());
        return orders.saveHold(order).view();
    }

    /** Ends the freeze and records the dispute's money outcome on the hold. */
    @Transactional
    public OrderView settleDispute(String orderId, UUID disputeId, long refundToBuyer, long releaseToSeller) {
        Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        order.settleDispute(disputeId, refundToBuyer, releaseToSeller, clock.instant());
        return orders.saveHold(order).view();
    }

    private static boolean seesAll(Actor actor) {
        return actor.isOneOf(Role.ADMIN, Role.INTEGRATION);
    }

    private static void requireRole(Actor actor, Role required, String message) {
        boolean allowed = required == null ? !actor.isOneOf(Role.AGENT, Role.SYSTEM) : actor.is(required);
        if (!allowed) {
            throw new ForbiddenException(message);
        }
    }

    private static Order.Terms termsOf(ImportOrder request) {
        List<OrderLine> lines = request.lines().stream()
                .map(l -> OrderLine.of(l.sku(), l.title(), l.description(), l.quantity(), l.unitPrice(),
                        l.attributes(), l.imageUrls()))
                .toList();
        return new Order.Terms(request.buyer().id(), request.seller().id(), request.currency(), request.total(),
                request.paid(), micros(request.placedAt()), micros(request.promisedDeliveryBy()), lines);
    }

    private static Order.Shipment shipmentOf(ImportOrder.ShipmentInfo shipment) {
        if (shipment == null) {
            return new Order.Shipment(null, null, null, null, List.of());
        }
        List<TrackingEvent> events = shipment.events() == null ? List.of() : shipment.events().stream()
                .map(e -> new TrackingEvent(e.status(), micros(e.at()), e.location(), e.description()))
                .distinct()
                .toList();
        return new Order.Shipment(micros(shipment.shippedAt()), shipment.carrier(), shipment.trackingNumber(),
                micros(shipment.deliveredAt()), events);
    }

    // Both databases keep microseconds; truncating first makes a re-import of the same order compare equal.
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
