package io.arbiter.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.common.TransactionMemory;

/**
 * Reads and writes orders by hand, and keeps the orders a transaction read for the rest of it.
 *
 * <p>A step of a dispute reads its order several times (to open on it, to freeze its hold, for the answer, for the
 * due times), each time three queries through Spring Data JDBC's mapping, and every save of the aggregate deleted
 * and wrote again all its lines and tracking events. Here an order read in a transaction is read once: later reads
 * in the same transaction get the same object, which is current because every change of an order goes through this
 * store and the transaction's own writes. Lines and tracking events are written only when they changed, each list
 * in one statement; a change of the hold writes the order row alone.
 */
@Component
class OrderStore {

    private static final String COLUMNS = """
            id, version, buyer_id, seller_id, currency, total_amount, paid_amount, placed_at, promised_delivery_by,
            shipped_at, carrier, tracking_number, delivered_at, escrow_status, escrow_held, escrow_refunded,
            escrow_released, escrow_open_dispute_id, escrow_disputed, imported_at, updated_at""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionMemory<String, Order> read = new TransactionMemory<>();
    /** Orders whose row this transaction holds locked: it read them for update, or wrote them. */
    private final TransactionMemory<String, Order> locked = new TransactionMemory<>();

    OrderStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    Optional<Order> find(String id) {
        Optional<Order> already = read.get(id);
        return already.isPresent() ? already : load(id, false);
    }

    /**
     * Reads the order and keeps every other change of it waiting until this transaction ends. An order this
     * transaction already read is locked then, without reading it again.
     */
    Optional<Order> findLocked(String id) {
        Optional<Order> held = locked.get(id);
        if (held.isPresent()) {
            return held;
        }
        Optional<Order> already = read.get(id);
        if (already.isPresent()) {
            Long version = jdbc.sql("select version from marketplace_order where id = :id for update")
                    .param("id", id).query(Long.class).single();
            if (version.equals(already.get().version)) {
                locked.put(id, already.get());
                return already;
            }
        }
        Optional<Order> loaded = load(id, true);
        loaded.ifPresent(order -> locked.put(id, order));
        return loaded;
    }

    List<Order> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Order> found = jdbc.sql("select " + COLUMNS + " from marketplace_order where id in (:ids)")
                .param("ids", ids).query((rs, row) -> read(rs)).list();
        Map<String, Order> byId = new HashMap<>();
        found.forEach(order -> byId.put(order.id, order));
        readChildren(byId);
        return found;
    }

    /** Writes a new order or the next version of one read before; then publishes what the change registered. */
    Order save(Order order) {
        boolean created = order.version == null;
        if (created) {
            order.version = 0L;
            jdbc.sql("insert into marketplace_order (" + COLUMNS + ") values (" + COLUMNS.replaceAll("(\\w+)", ":$1")
                    + ")").params(columns(order)).update();
        } else {
            updateRow(order, """
                    update marketplace_order
                    set buyer_id = :buyer_id, seller_id = :seller_id, currency = :currency,
                        total_amount = :total_amount, paid_amount = :paid_amount, placed_at = :placed_at,
                        promised_delivery_by = :promised_delivery_by, shipped_at = :shipped_at, carrier = :carrier,
                        tracking_number = :tracking_number, delivered_at = :delivered_at,
                        escrow_status = :escrow_status, escrow_held = :escrow_held,
                        escrow_refunded = :escrow_refunded, escrow_released = :escrow_released,
                        escrow_open_dispute_id = :escrow_open_dispute_id, escrow_disputed = :escrow_disputed,
                        updated_at = :updated_at, version = :version + 1
                    where id = :id and version = :version""");
        }
        if (order.linesChanged) {
            replace(created, order.id, "order_line", "line_index", "sku, title, description, quantity, unit_price, attributes,"
                    + " image_urls", order.lines, line -> Arrays.asList(line.sku(), line.title(),
                    line.description(), line.quantity(), line.unitPrice(), line.attributes(), line.imageUrls()));
        }
        if (order.trackingEventsChanged) {
            replace(created, order.id, "tracking_event", "event_index", "status, occurred_at, location, description",
                    order.trackingEvents, event -> Arrays.asList(event.status().name(),
                            SqlTime.of(event.occurredAt()), event.location(), event.description()));
        }
        return saved(order);
    }

    /**
     * Saves a change of the hold and nothing else of the order, under the same version check: settling a dispute
     * changes only the hold.
     */
    Order saveHold(Order order) {
        updateRow(order, """
                update marketplace_order
                set escrow_status = :escrow_status, escrow_held = :escrow_held, escrow_refunded = :escrow_refunded,
                    escrow_released = :escrow_released, escrow_open_dispute_id = :escrow_open_dispute_id,
                    escrow_disputed = :escrow_disputed, updated_at = :updated_at, version = :version + 1
                where id = :id and version = :version""");
        return saved(order);
    }

    private void updateRow(Order order, String sql) {
        if (jdbc.sql(sql).params(columns(order)).update() != 1) {
            read.forget(order.id);
            locked.forget(order.id);
            throw new OptimisticLockingFailureException("order " + order.id + " was changed meanwhile");
        }
        order.version = order.version + 1;
    }

    private Order saved(Order order) {
        List<Object> registered = order.saved();
        read.put(order.id, order);
        // The row written stays locked until the transaction ends.
        locked.put(order.id, order);
        registered.forEach(events::publishEvent);
        return order;
    }

    /** The order if this transaction holds its row locked (read for update, or written), without reading it. */
    Optional<Order> alreadyLocked(String id) {
        return locked.get(id);
    }

    /** The order if this transaction read it already, without reading it. */
    Optional<Order> alreadyRead(String id) {
        return read.get(id);
    }

    /** Deletes the order's rows of a child table and writes the given ones in one statement. */
    private <T> void replace(boolean created, String orderId, String table, String indexColumn, String columns,
                             List<T> items, Function<T, List<Object>> values) {
        if (!created) {
            jdbc.sql("delete from " + table + " where order_id = :id").param("id", orderId).update();
        }
        if (items.isEmpty()) {
            return;
        }
        String[] names = columns.split(",\\s*");
        StringBuilder sql = new StringBuilder("insert into " + table + " (order_id, " + indexColumn + ", " + columns
                + ") values");
        Map<String, Object> params = new HashMap<>();
        params.put("order", orderId);
        for (int i = 0; i < items.size(); i++) {
            sql.append(i == 0 ? " (" : ", (").append(":order, ").append(i);
            List<Object> row = values.apply(items.get(i));
            for (int c = 0; c < names.length; c++) {
                String name = names[c] + "_" + i;
                sql.append(", :").append(name);
                params.put(name, row.get(c));
            }
            sql.append(")");
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private Optional<Order> load(String id, boolean lock) {
        Optional<Order> order = jdbc.sql("select " + COLUMNS + " from marketplace_order where id = :id"
                        + (lock ? " for update" : ""))
                .param("id", id).query((rs, row) -> read(rs)).optional();
        order.ifPresent(found -> {
            readChildren(Map.of(id, found));
            read.put(id, found);
        });
        return order;
    }

    /** The orders' lines and tracking events, in one statement: a step that answers with its order reads it often. */
    private void readChildren(Map<String, Order> orders) {
        List<String> ids = List.copyOf(orders.keySet());
        jdbc.sql("""
                        select 'L' kind, order_id, line_index position, sku, title, description, quantity, unit_price,
                               attributes, image_urls, cast(null as varchar(30)) status,
                               cast(null as timestamp with time zone) occurred_at, cast(null as varchar(200)) location
                        from order_line where order_id in (:ids)
                        union all
                        select 'T', order_id, event_index, null, null, description, null, null, null, null, status,
                               occurred_at, location
                        from tracking_event where order_id in (:ids)
                        order by order_id, kind, position""")
                .param("ids", ids)
                .query((rs, row) -> {
                    Order order = orders.get(rs.getString("order_id"));
                    if (rs.getString("kind").equals("L")) {
                        order.lines.add(new OrderLine(rs.getString("sku"), rs.getString("title"),
                                rs.getString("description"), rs.getInt("quantity"), rs.getLong("unit_price"),
                                rs.getString("attributes"), rs.getString("image_urls")));
                    } else {
                        order.trackingEvents.add(new TrackingEvent(TrackingStatus.valueOf(rs.getString("status")),
                                SqlTime.instant(rs, "occurred_at"), rs.getString("location"),
                                rs.getString("description")));
                    }
                    return order;
                })
                .list();
    }

    private static Order read(ResultSet rs) throws SQLException {
        Order order = new Order();
        order.id = rs.getString("id");
        order.version = rs.getLong("version");
        order.buyerId = rs.getString("buyer_id");
        order.sellerId = rs.getString("seller_id");
        order.currency = rs.getString("currency");
        order.totalAmount = rs.getLong("total_amount");
        order.paidAmount = rs.getLong("paid_amount");
        order.placedAt = SqlTime.instant(rs, "placed_at");
        order.promisedDeliveryBy = SqlTime.instant(rs, "promised_delivery_by");
        order.shippedAt = SqlTime.instant(rs, "shipped_at");
        order.carrier = rs.getString("carrier");
        order.trackingNumber = rs.getString("tracking_number");
        order.deliveredAt = SqlTime.instant(rs, "delivered_at");
        order.escrow = new Escrow(EscrowStatus.valueOf(rs.getString("escrow_status")), rs.getLong("escrow_held"),
                rs.getLong("escrow_refunded"), rs.getLong("escrow_released"),
                rs.getObject("escrow_open_dispute_id", UUID.class), rs.getBoolean("escrow_disputed"));
        order.importedAt = SqlTime.instant(rs, "imported_at");
        order.updatedAt = SqlTime.instant(rs, "updated_at");
        return order;
    }

    private static Map<String, Object> columns(Order order) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", order.id);
        c.put("version", order.version);
        c.put("buyer_id", order.buyerId);
        c.put("seller_id", order.sellerId);
        c.put("currency", order.currency);
        c.put("total_amount", order.totalAmount);
        c.put("paid_amount", order.paidAmount);
        c.put("placed_at", SqlTime.of(order.placedAt));
        c.put("promised_delivery_by", SqlTime.of(order.promisedDeliveryBy));
        c.put("shipped_at", SqlTime.of(order.shippedAt));
        c.put("carrier", order.carrier);
        c.put("tracking_number", order.trackingNumber);
        c.put("delivered_at", SqlTime.of(order.deliveredAt));
        c.put("escrow_status", order.escrow.status().name());
        c.put("escrow_held", order.escrow.held());
        c.put("escrow_refunded", order.escrow.refunded());
        c.put("escrow_released", order.escrow.released());
        c.put("escrow_open_dispute_id", order.escrow.openDisputeId());
        c.put("escrow_disputed", order.escrow.disputed());
        c.put("imported_at", SqlTime.of(order.importedAt));
        c.put("updated_at", SqlTime.of(order.updatedAt));
        return c;
    }
}
