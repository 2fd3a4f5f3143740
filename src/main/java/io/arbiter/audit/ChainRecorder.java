package io.arbiter.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvent.Visibility;
import io.arbiter.identity.Actor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends every dispute event to its dispute's chain, in the transaction of the change. The head row of the chain
 * is locked first ({@code select ... for update}) and moved with a conditional update, so appends to one dispute
 * serialize even for events published without a lock on the dispute (messages); the primary key on
 * (dispute, sequence) is the last guard. Each canonical form carries a random salt: a party whose case file
 * withholds an entry (the other side's private limit) cannot recover the amount by trying values against the hash.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChainRecorder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ChainRecorder.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();

    ChainRecorder(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Runs before the timeline records the event (which listens without an order), so that a dispute that
     * predates the chain is chained from exactly the timeline rows written before this event.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Transactional
    public void append(DisputeEvent event) {
        Actor actor = event.actor();
        // Both databases keep microseconds: the time column and the canonical form must say the same.
        Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
        String type = typeOf(event);
        ObjectNode actorNode = CanonicalJson.MAPPER.createObjectNode()
                .put("id", actor.id()).put("role", actor.role().name()).put("displayName", actor.displayName());
        ObjectNode envelope = envelope(type, at, actorNode, event.visibility(), event.disputeId(),
                CanonicalJson.tree(event));
        append(event.disputeId(), lockedHead(event.disputeId()), type, at, actor.id(), actor.role().name(),
                event.visibility(), envelope);
    }

    /** Chains, from their timelines, the disputes that existed before the chain did (once, after the upgrade). */
    @Override
    public void run(ApplicationArguments args) {
        List<UUID> pending = jdbc.sql("select dispute_id from audit_backfill").query(UUID.class).list();
        for (UUID disputeId : pending) {
            transaction.executeWithoutResult(status -> lockedHead(disputeId));
        }
        if (!pending.isEmpty()) {
            log.info("Chained {} disputes that predate the audit chain from their timelines", pending.size());
        }
    }

    static String typeOf(DisputeEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }

    private record Head(long sequence, String hash) {
    }

    private Head lockedHead(UUID disputeId) {
        return lockHead(disputeId).orElseGet(() -> start(disputeId));
    }

    private Optional<Head> lockHead(UUID disputeId) {
        return jdbc.sql("select seq, entry_hash from audit_chain_head where dispute_id = :dispute for update")
                .param("dispute", disputeId)
                .query((rs, row) -> new Head(rs.getLong("seq"), rs.getString("entry_hash")))
                .optional();
    }

    /**
     * Starts a chain. A new dispute's first event starts it in the transaction that created the dispute, so
     * nobody else can. A dispute listed for backfill is chained from its timeline under the lock of its list row;
     * whoever comes second finds the list row gone and the head in place.
     */
    private Head start(UUID disputeId) {
        boolean predatesChain = jdbc.sql("select dispute_id from audit_backfill where dispute_id = :dispute for update")
                .param("dispute", disputeId).query(UUID.class).optional().isPresent();
        if (!predatesChain) {
            Optional<Head> chainedMeanwhile = lockHead(disputeId);
            if (chainedMeanwhile.isPresent()) {
                return chainedMeanwhile.get();
            }
        }
        jdbc.sql("insert into audit_chain_head (dispute_id, seq, entry_hash) values (:dispute, 0, :genesis)")
                .param("dispute", disputeId).param("genesis", CanonicalJson.GENESIS).update();
        Head head = new Head(0, CanonicalJson.GENESIS);
        if (predatesChain) {
            head = chainTimeline(disputeId, head);
            jdbc.sql("delete from audit_backfill where dispute_id = :dispute").param("dispute", disputeId).update();
        }
        return head;
    }

    private record TimelineRow(Instant at, String type, String actorId, String actorRole, String details,
                               Visibility visibility) {
    }

    private Head chainTimeline(UUID disputeId, Head head) {
        List<TimelineRow> rows = jdbc.sql("""
                        select at, type, actor_id, actor_role, details, visibility from dispute_timeline
                        where dispute_id = :dispute order by id""")
                .param("dispute", disputeId)
                .query((rs, row) -> new TimelineRow(rs.getTimestamp("at").toInstant(), rs.getString("type"),
                        rs.getString("actor_id"), rs.getString("actor_role"), rs.getString("details"),
                        Visibility.valueOf(rs.getString("visibility"))))
                .list();
        for (TimelineRow row : rows) {
            JsonNode details = CanonicalJson.MAPPER.readTree(row.details());
            ObjectNode actorNode = CanonicalJson.MAPPER.createObjectNode()
                    .put("id", row.actorId()).put("role", row.actorRole());
            JsonNode recordedActor = details.path("actor");
            if (recordedActor.isObject() && recordedActor.path("displayName").isString()) {
                actorNode.put("displayName", recordedActor.path("displayName").stringValue());
            }
            ObjectNode envelope = envelope(row.type(), row.at(), actorNode, row.visibility(), disputeId, details);
            envelope.put("backfilled", true);
            head = append(disputeId, head, row.type(), row.at(), row.actorId(), row.actorRole(), row.visibility(),
                    envelope);
        }
        return head;
    }

    private static ObjectNode envelope(String type, Instant at, ObjectNode actor, Visibility visibility,
                                       UUID disputeId, JsonNode event) {
        ObjectNode envelope = CanonicalJson.MAPPER.createObjectNode();
        envelope.put("type", type);
        envelope.put("at", at.toString());
        envelope.set("actor", actor);
        envelope.put("visibility", visibility.name());
        envelope.put("disputeId", disputeId.toString());
        envelope.set("event", event);
        return envelope;
    }

    private Head append(UUID disputeId, Head head, String type, Instant at, String actorId, String actorRole,
                        Visibility visibility, ObjectNode envelope) {
        long sequence = head.sequence() + 1;
        envelope.put("sequence", sequence);
        envelope.put("salt", salt());
        String canonical = CanonicalJson.of(envelope);
        String hash = CanonicalJson.hash(head.hash(), canonical);
        jdbc.sql("""
                insert into audit_chain_entry (dispute_id, seq, type, at, actor_id, actor_role, visibility, canonical,
                                               previous_hash, entry_hash)
                values (:dispute, :seq, :type, :at, :actorId, :actorRole, :visibility, :canonical, :previous, :hash)""")
                .param("dispute", disputeId).param("seq", sequence).param("type", type).param("at", SqlTime.of(at))
                .param("actorId", actorId).param("actorRole", actorRole).param("visibility", visibility.name())
                .param("canonical", canonical).param("previous", head.hash()).param("hash", hash)
                .update();
        int moved = jdbc.sql("""
                update audit_chain_head set seq = :next, entry_hash = :hash
                where dispute_id = :dispute and seq = :previous""")
                .param("dispute", disputeId).param("next", sequence).param("hash", hash)
                .param("previous", head.sequence())
                .update();
        if (moved != 1) {
            throw new IllegalStateException("the audit chain of dispute " + disputeId + " moved during an append");
        }
        return new Head(sequence, hash);
    }

    private String salt() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
