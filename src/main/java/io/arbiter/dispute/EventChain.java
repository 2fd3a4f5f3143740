package io.arbiter.dispute;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.CanonicalJson;
import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeEvent.Visibility;
import io.arbiter.identity.Actor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A dispute's events as one hash chain. Each event is one row of {@code dispute_event}: the timeline entry people
 * read and the chain entry that seals it are the same row, so what is shown is what is hashed. An entry's canonical
 * form ({@link CanonicalJson}) is its envelope: type, time, actor, visibility, dispute, the event's data, the summary
 * shown, its sequence and a random salt; its hash is SHA-256(previous hash + "\n" + canonical). The dispute row keeps
 * the last entry's sequence and hash (its head), written by the same statement as the rest of the row, so sealing a
 * step costs no statement of its own. The salt keeps a party whose case file withholds an entry (the other side's
 * private limit) from recovering the amount by trying values against the hash.
 */
public final class EventChain {

    /** The longest summary kept; a longer one is cut, and the cut text is what is sealed. */
    public static final int MAX_SUMMARY = 2000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventChain() {
    }

    /** One entry of the chain, ready to be inserted. */
    public record Link(String type, Instant at, String actorId, String actorRole, Visibility visibility,
                       String summary, long sequence, String canonical, String previousHash, String hash) {
    }

    /** Seals the events after the dispute's head, in order, and moves the head (on the object) to the last one. */
    static List<Link> seal(Dispute dispute, List<DisputeEvent> events) {
        List<Link> links = new ArrayList<>(events.size());
        for (DisputeEvent event : events) {
            Actor actor = event.actor();
            // Both databases keep microseconds: the time column and the canonical form must say the same.
            Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
            String type = typeOf(event);
            String summary = abbreviate(EventTexts.english(event, dispute.currency));
            ObjectNode actorNode = CanonicalJson.MAPPER.createObjectNode()
                    .put("id", actor.id()).put("role", actor.role().name()).put("displayName", actor.displayName());
            ObjectNode envelope = envelope(type, at, actorNode, event.visibility(), dispute.id,
                    CanonicalJson.tree(event), summary);
            Link link = link(dispute.chainSequence + 1, dispute.chainHash, envelope, type, at, actor.id(),
                    actor.role().name(), event.visibility(), summary);
            dispute.chainSequence = link.sequence();
            dispute.chainHash = link.hash();
            links.add(link);
        }
        return links;
    }

    /** What an entry seals, before its sequence and salt are added. */
    public static ObjectNode envelope(String type, Instant at, ObjectNode actor, Visibility visibility,
                                      UUID disputeId, JsonNode event, String summary) {
        ObjectNode envelope = CanonicalJson.MAPPER.createObjectNode();
        envelope.put("type", type);
        envelope.put("at", at.toString());
        envelope.set("actor", actor);
        envelope.put("visibility", visibility.name());
        envelope.put("disputeId", disputeId.toString());
        envelope.set("event", event);
        envelope.put("summary", summary);
        return envelope;
    }

    /** The entry that follows {@code previousHash} at {@code sequence}. */
    public static Link link(long sequence, String previousHash, ObjectNode envelope, String type, Instant at,
                            String actorId, String actorRole, Visibility visibility, String summary) {
        envelope.put("sequence", sequence);
        envelope.put("salt", salt());
        String canonical = CanonicalJson.of(envelope);
        return new Link(type, at, actorId, actorRole, visibility, summary, sequence, canonical, previousHash,
                CanonicalJson.hash(previousHash, canonical));
    }

    /** Writes the entries of one dispute in one statement. */
    public static void insert(JdbcClient jdbc, UUID disputeId, List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("""
                insert into dispute_event (dispute_id, seq, at, type, actor_id, actor_role, visibility, summary,
                                           canonical, previous_hash, entry_hash) values""");
        Map<String, Object> params = new HashMap<>();
        params.put("dispute", disputeId);
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            sql.append(i == 0 ? " " : ", ").append(("(:dispute, :seq%1$d, :at%1$d, :type%1$d, :actorId%1$d,"
                    + " :actorRole%1$d, :visibility%1$d, :summary%1$d, :canonical%1$d, :previous%1$d, :hash%1$d)")
                    .formatted(i));
            params.put("seq" + i, link.sequence());
            params.put("at" + i, SqlTime.of(link.at()));
            params.put("type" + i, link.type());
            params.put("actorId" + i, link.actorId());
            params.put("actorRole" + i, link.actorRole());
            params.put("visibility" + i, link.visibility().name());
            params.put("summary" + i, link.summary());
            params.put("canonical" + i, link.canonical());
            params.put("previous" + i, link.previousHash());
            params.put("hash" + i, link.hash());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** The event's name in the timeline and the chain, as the event {@link DisputeEvent.Wire declares} it. */
    public static String typeOf(DisputeEvent event) {
        return typeName(event.getClass());
    }

    static String typeName(Class<? extends DisputeEvent> eventType) {
        return DisputeEvent.wireOf(eventType).type();
    }

    public static String abbreviate(String summary) {
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 3) + "...";
    }

    private static String salt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
