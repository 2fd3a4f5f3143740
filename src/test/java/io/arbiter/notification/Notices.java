package io.arbiter.notification;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Reads people's inboxes through the API and waits for the notices that listeners write after commit. Waiting is
 * for a state (an item there, the event publications of a dispute all completed), never for a fixed time.
 */
final class Notices {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final JdbcClient jdbc;

    Notices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static JsonNode inbox(Person person) {
        return person.api().get("/api/v1/inbox?size=100").expect(200).json();
    }

    /** The person's items about one dispute, newest first. */
    static List<JsonNode> about(Person person, String disputeId) {
        List<JsonNode> found = new ArrayList<>();
        inbox(person).get("items").forEach(item -> {
            if (item.has("disputeId") && item.get("disputeId").asString().equals(disputeId)) {
                found.add(item);
            }
        });
        return found;
    }

    static List<JsonNode> about(Person person, String disputeId, String kind) {
        return about(person, disputeId).stream().filter(item -> item.get("kind").asString().equals(kind)).toList();
    }

    /** Waits until the person has an item of this kind about the dispute, and answers it. */
    static JsonNode awaitItem(Person person, String disputeId, String kind) {
        return await().atMost(PATIENCE).until(() -> about(person, disputeId, kind), items -> !items.isEmpty()).get(0);
    }

    /**
     * Waits until every listener has handled every event that names this text (a dispute or item id): after
     * that, an item that is not there will not come.
     */
    void awaitSettled(String mentioned) {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from event_publication
                        where completion_date is null and serialized_event like :mentioned""")
                .param("mentioned", "%" + mentioned + "%").query(Long.class).single(), count -> count == 0);
    }

    /** Marks the completed deliveries of such events to this module's listeners as failed, as a crash would leave them. */
    int forgetDeliveries(String eventType, String mentioned) {
        return jdbc.sql("""
                        update event_publication set completion_date = null, status = 'FAILED'
                        where event_type like :type and serialized_event like :mentioned
                          and listener_id like 'io.arbiter.notification.%'""")
                .param("type", "%" + eventType).param("mentioned", "%" + mentioned + "%").update();
    }

    static List<String> kinds(List<JsonNode> items) {
        return items.stream().map(item -> item.get("kind").asString()).toList();
    }
}
