package io.arbiter.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.arbiter.common.Json;
import io.arbiter.common.PageRequest;
import io.arbiter.common.SqlTime;

/** The {@code webhook_endpoint}, {@code webhook_delivery} and the two {@code webhook_*_sequence} tables. */
@Repository
class WebhookStore {

    private static final int MAX_REASON = 2000;
    private static final String ENDPOINT_COLUMNS = """
            id, url, event_types, description, enabled, created_at, created_by, disabled_at, disabled_reason,
            consecutive_give_ups""";

    private final JdbcClient jdbc;

    WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An endpoint with the secret it signs with. */
    record Target(WebhookEndpoint endpoint, String secret) {
    }

    /** A delivery as this module records it; its state and attempts are the outbound module's. */
    record Sent(UUID id, UUID endpointId, UUID eventId, String eventType, UUID disputeId, Instant occurredAt,
                Instant createdAt) {
    }

    void insertEndpoint(WebhookEndpoint endpoint, String secret) {
        jdbc.sql("""
                insert into webhook_endpoint (id, url, description, event_types, secret, enabled, created_at, created_by)
                values (:id, :url, :description, :types, :secret, true, :at, :by)""")
                .param("id", endpoint.id()).param("url", endpoint.url()).param("description", endpoint.description())
                .param("types", Json.write(endpoint.eventTypes())).param("secret", secret)
                .param("at", SqlTime.of(endpoint.createdAt())).param("by", endpoint.createdBy())
                .update();
    }

    Optional<WebhookEndpoint> endpoint(UUID id) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where id = :id")
                .param("id", id).query((rs, row) -> endpoint(rs)).optional();
    }

    List<WebhookEndpoint> endpoints() {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint order by created_at, id")
                .query((rs, row) -> endpoint(rs)).list();
    }

    List<Target> enabledTargets() {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + ", secret from webhook_endpoint where enabled order by id")
                .query((rs, row) -> new Target(endpoint(rs), rs.getString("secret"))).list();
    }

    /** Disables the endpoint if it is enabled; says whether it did. */
    boolean disable(UUID id, String reason, Instant at) {
        return jdbc.sql("""
                update webhook_endpoint set enabled = false, disabled_at = :at, disabled_reason = :reason
                where id = :id and enabled""")
                .param("at", SqlTime.of(at)).param("reason", truncate(reason)).param("id", id)
                .update() == 1;
    }

    void enable(UUID id) {
        jdbc.sql("""
                update webhook_endpoint set enabled = true, disabled_at = null, disabled_reason = null,
                       consecutive_give_ups = 0
                where id = :id""")
                .param("id", id).update();
    }

    /** Records the deliveries, in one statement, leaving out those recorded already. */
    void insertDeliveries(List<Sent> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Sent delivery = deliveries.get(i);
            rows.add("(:id%1$d, :endpoint%1$d, :event%1$d, :type%1$d, :dispute%1$d, :occurredAt%1$d, :createdAt%1$d)"
                    .formatted(i));
            values.put("id" + i, delivery.id());
            values.put("endpoint" + i, delivery.endpointId());
            values.put("event" + i, delivery.eventId());
            values.put("type" + i, delivery.eventType());
            values.put("dispute" + i, delivery.disputeId());
            values.put("occurredAt" + i, SqlTime.of(delivery.occurredAt()));
            values.put("createdAt" + i, SqlTime.of(delivery.createdAt()));
        }
        jdbc.sql("insert into webhook_delivery (id, endpoint_id, event_id, event_type, dispute_id, occurred_at,"
                + " created_at) values " + rows + " on conflict do nothing").params(values).update();
    }

    /**
     * Moves the dispute's webhook counter on by {@code count} and answers the first of the numbers it moved past.
     * The counter's row stays locked until the caller's transaction ends, so numbers follow the order in which the
     * changes of a dispute commit.
     */
    long reserveNumbers(UUID disputeId, int count) {
        int moved = jdbc.sql("update webhook_dispute_sequence set last_sequence = last_sequence + :count"
                        + " where dispute_id = :dispute")
                .param("count", count).param("dispute", disputeId).update();
        if (moved == 0) {
            int started = jdbc.sql("insert into webhook_dispute_sequence (dispute_id, last_sequence)"
                            + " values (:dispute, :count) on conflict do nothing")
                    .param("dispute", disputeId).param("count", count).update();
            if (started == 1) {
                return 1;
            }
            // Another transaction started the counter meanwhile; its row is there now.
            return reserveNumbers(disputeId, count);
        }
        return jdbc.sql("select last_sequence from webhook_dispute_sequence where dispute_id = :dispute")
                .param("dispute", disputeId).query(Long.class).single() - count + 1;
    }

    /** The number an earlier version gave the event, which kept each event's number in a table of its own. */
    Optional<Long> sequenceOf(UUID eventId) {
        return jdbc.sql("select sequence from webhook_event_sequence where event_id = :event")
                .param("event", eventId).query(Long.class).optional();
    }

    Optional<Sent> delivery(UUID endpointId, UUID id) {
        return jdbc.sql("""
                select id, endpoint_id, event_id, event_type, dispute_id, occurred_at, created_at
                from webhook_delivery where id = :id and endpoint_id = :endpoint""")
                .param("id", id).param("endpoint", endpointId).query((rs, row) -> sent(rs)).optional();
    }

    /** A webhook delivery by its id (an outbound message id), whichever endpoint it went to. */
    Optional<Sent> delivery(UUID id) {
        return jdbc.sql("""
                select id, endpoint_id, event_id, event_type, dispute_id, occurred_at, created_at
                from webhook_delivery where id = :id""")
                .param("id", id).query((rs, row) -> sent(rs)).optional();
    }

    /** Newest first. */
    List<Sent> deliveries(UUID endpointId, PageRequest page) {
        return jdbc.sql("""
                select id, endpoint_id, event_id, event_type, dispute_id, occurred_at, created_at
                from webhook_delivery where endpoint_id = :endpoint
                order by seq desc
                limit :limit offset :offset""")
                .param("endpoint", endpointId).param("limit", page.size()).param("offset", page.offset())
                .query((rs, row) -> sent(rs)).list();
    }

    long countDeliveries(UUID endpointId) {
        return jdbc.sql("select count(*) from webhook_delivery where endpoint_id = :endpoint")
                .param("endpoint", endpointId).query(Long.class).single();
    }

    /**
     * Notes a final outcome of a delivery unless an outcome at that time or later is noted already (the outcome
     * event came twice); says whether it did, so that each outcome is counted once.
     */
    boolean noteOutcome(UUID deliveryId, String outcome, Instant at) {
        return jdbc.sql("""
                update webhook_delivery set last_outcome = :outcome, last_outcome_at = :at
                where id = :id and (last_outcome_at is null or last_outcome_at < :at)""")
                .param("outcome", outcome).param("at", SqlTime.of(at)).param("id", deliveryId)
                .update() == 1;
    }

    /** Counts one more delivery given up in a row; returns the count. */
    int countGiveUp(UUID endpointId) {
        jdbc.sql("update webhook_endpoint set consecutive_give_ups = consecutive_give_ups + 1 where id = :id")
                .param("id", endpointId).update();
        return jdbc.sql("select consecutive_give_ups from webhook_endpoint where id = :id")
                .param("id", endpointId).query(Integer.class).single();
    }

    void resetGiveUps(UUID endpointId) {
        jdbc.sql("update webhook_endpoint set consecutive_give_ups = 0 where id = :id and consecutive_give_ups <> 0")
                .param("id", endpointId).update();
    }

    private static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"),
                Json.readStringList(rs.getString("event_types")), rs.getString("description"),
                rs.getBoolean("enabled"), SqlTime.instant(rs, "created_at"), rs.getString("created_by"),
                SqlTime.instant(rs, "disabled_at"), rs.getString("disabled_reason"), rs.getInt("consecutive_give_ups"));
    }

    private static Sent sent(ResultSet rs) throws SQLException {
        return new Sent(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                rs.getObject("dispute_id", UUID.class), SqlTime.instant(rs, "occurred_at"), SqlTime.instant(rs, "created_at"));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
    }
}
