package io.arbiter.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.outbound.OutboundDelivered;
import io.arbiter.outbound.OutboundGaveUp;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries over the webhooks an earlier version had not prepared yet. Until then each event that an endpoint wanted
 * waited in Spring Modulith's event publication registry ({@code event_publication}) for a listener of this module
 * after its change committed; migration V22 dropped that table unless such events were outstanding. On start, this
 * prepares them the way every change now prepares its own, marks them done, and leaves alone an event whose class
 * is gone (logged). Instances starting together take the rows under lock, so each is prepared once.
 */
@Component
@ConditionalOnBooleanProperty(name = "arbiter.webhook.carry-over-enabled", matchIfMissing = true)
class EarlierWebhookEvents {

    private static final Logger log = LoggerFactory.getLogger(EarlierWebhookEvents.class);
    private static final int CHUNK = 100;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WebhookPublisher publisher;
    private final TransactionTemplate transaction;

    EarlierWebhookEvents(JdbcClient jdbc, JsonMapper json, WebhookPublisher publisher,
                         PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
        this.transaction = new TransactionTemplate(transactions);
    }

    private record Outstanding(UUID id, String type, String serialized) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void carryOver() {
        if (jdbc.sql("select count(*) from information_schema.tables where lower(table_name) = 'event_publication'")
                .query(Long.class).single() == 0) {
            return;
        }
        int carried = 0;
        int taken;
        do {
            Integer chunk = transaction.execute(status -> carryOverChunk());
            taken = chunk == null ? 0 : chunk;
            carried += taken;
        } while (taken == CHUNK);
        if (carried > 0) {
            log.info("prepared {} webhook events left outstanding by an earlier version", carried);
        }
    }

    private int carryOverChunk() {
        List<Outstanding> rows = jdbc.sql("""
                        select id, event_type, serialized_event from event_publication
                        where completion_date is null and listener_id like 'io.arbiter.webhook.WebhookPublisher%'
                        order by publication_date, id
                        fetch first :chunk rows only for update""")
                .param("chunk", CHUNK)
                .query((rs, row) -> new Outstanding(rs.getObject("id", UUID.class), rs.getString("event_type"),
                        rs.getString("serialized_event")))
                .list();
        List<Object> events = new ArrayList<>();
        List<UUID> done = new ArrayList<>();
        for (Outstanding row : rows) {
            Object event;
            try {
                event = json.readValue(row.serialized(), Class.forName(row.type()));
            } catch (ClassNotFoundException | RuntimeException unreadable) {
                log.warn("cannot read event publication {} of type {}; it stays outstanding: {}", row.id(), row.type(),
                        unreadable.toString());
                continue;
            }
            if (event instanceof OutboundGaveUp gaveUp) {
                publisher.on(gaveUp);
            } else if (event instanceof OutboundDelivered delivered) {
                publisher.on(delivered);
            } else {
                events.add(event);
            }
            done.add(row.id());
        }
        publisher.prepareEarlier(events);
        if (!done.isEmpty()) {
            jdbc.sql("update event_publication set completion_date = current_timestamp where id in (:ids)")
                    .param("ids", done).update();
        }
        // A chunk of nothing but unreadable rows would be read again and again.
        return done.isEmpty() ? 0 : rows.size();
    }
}
