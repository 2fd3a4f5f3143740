package io.arbiter.notification;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Reads people's inboxes through the API and waits for their e-mails. Waiting is for a state (an item there, no
 * e-mail of a dispute still due), never for a fixed time.
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
     * Waits until no inbox item named by this text (its id, or its dispute's id) is still waiting for its e-mail:
     * after that, an e-mail that has not come will not come. Items themselves need no waiting: they are written with
     * their change.
     */
    void awaitSettled(String mentioned) {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from inbox_item
                        where (cast(id as varchar(36)) = :mentioned or cast(dispute_id as varchar(36)) = :mentioned)
                          and mail_due_at is not null""")
                .param("mentioned", mentioned).query(Long.class).single(), count -> count == 0);
    }

    static List<String> kinds(List<JsonNode> items) {
        return items.stream().map(item -> item.get("kind").asString()).toList();
    }
}
