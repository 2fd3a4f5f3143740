package io.arbiter.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvent.Visibility;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.identity.Actor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends every dispute event to its dispute's chain, in the transaction of the change. The head row of the chain
 * is locked by the transaction's first event ({@code select ... for update}) and moved with a conditional update, so
 * appends to one dispute serialize even for events published without a lock on the dispute (messages); the primary
 * key on (dispute, sequence) is the last guard. The entries a transaction appends are written together just before
 * it commits, in one statement, and the head is moved once: a step of three events sent nine statements before. A
 * new dispute's chain starts without a lookup, since nobody else can see the dispute yet. Each canonical form
 * carries a random salt: a party whose case file withholds an entry (the other side's private limit) cannot recover
 * the amount by trying values against the hash.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChainRecorder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ChainRecorder.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();
    /** Until the disputes that predate the chain are chained, even a new dispute's chain looks for its list row. */
    private volatile boolean backfilled;

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
        Row row = new Row(type, at, actor.id(), actor.role().name(), event.visibility(), envelope);
        pendingIn(event.disputeId(), event instanceof DisputeOpened).add(row);
    }

    /** What one transaction appends to the chain of one dispute, written when it is about to commit. */
    private final class Pending {

        private final UUID disputeId;
        private final Head start;
        private final boolean newChain;
        private final List<Entry> entries = new ArrayList<>();
        private boolean written;

        Pending(UUID disputeId, Head start, boolean newChain) {
            this.disputeId = disputeId;
            this.start = start;
            this.newChain = newChain;
        }

        void add(Row row) {
            if (written) {
                // Published by another synchronization after this one wrote: too late to join the batch.
                append(disputeId, lockedHead(disputeId), row);
                return;
            }
            Head head = entries.isEmpty() ? start : entries.get(entries.size() - 1).head();
            entries.add(entry(head, row));
        }

        void write() {
            written = true;
            if (entries.isEmpty()) {
                return;
            }
            insert(disputeId, entries);
            Head end = entries.get(entries.size() - 1).head();
            if (newChain) {
                jdbc.sql("insert into audit_chain_head (dispute_id, seq, entry_hash) values (:dispute, :seq, :hash)")
                        .param("dispute", disputeId).param("seq", end.sequence()).param("hash", end.hash()).update();
            } else {
                moveHead(disputeId, start, end);
            }
        }
    }

    private Pending pendingIn(UUID disputeId, boolean opened) {
        @SuppressWarnings("unchecked")
        Map<UUID, Pending> pending = (Map<UUID, Pending>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<UUID, Pending> created = new LinkedHashMap<>();
            pending = created;
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    // Last among the synchronizations before commit, so that events they publish are batched too.
                    return Ordered.LOWEST_PRECEDENCE;
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    created.values().forEach(Pending::write);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ChainRecorder.this);
                }
            });
        }
        return pending.computeIfAbsent(disputeId, id -> opened && backfilled
                ? new Pending(id, new Head(0, CanonicalJson.GENESIS), true)
                : new Pending(id, lockedHead(id), false));
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
        backfilled = true;
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
            head = append(disputeId, head, new Row(row.type(), row.at(), row.actorId(), row.actorRole(),
                    row.visibility(), envelope));
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

    private record Row(String type, Instant at, String actorId, String actorRole, Visibility visibility,
                       ObjectNode envelope) {
    }

    private record Entry(Row row, String canonical, String previousHash, Head head) {
    }

    private Entry entry(Head previous, Row row) {
        long sequence = previous.sequence() + 1;
        row.envelope().put("sequence", sequence);
        row.envelope().put("salt", salt());
        String canonical = CanonicalJson.of(row.envelope());
        Head head = new Head(sequence, CanonicalJson.hash(previous.hash(), canonical));
        return new Entry(row, canonical, previous.hash(), head);
    }

    private Head append(UUID disputeId, Head head, Row row) {
        Entry entry = entry(head, row);
        insert(disputeId, List.of(entry));
        moveHead(disputeId, head, entry.head());
        return entry.head();
    }

    private void insert(UUID disputeId, List<Entry> entries) {
        StringBuilder sql = new StringBuilder("""
                insert into audit_chain_entry (dispute_id, seq, type, at, actor_id, actor_role, visibility, canonical,
                                               previous_hash, entry_hash) values""");
        Map<String, Object> params = new HashMap<>();
        params.put("dispute", disputeId);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            sql.append(i == 0 ? " " : ", ").append(("(:dispute, :seq%1$d, :type%1$d, :at%1$d, :actorId%1$d,"
                    + " :actorRole%1$d, :visibility%1$d, :canonical%1$d, :previous%1$d, :hash%1$d)").formatted(i));
            params.put("seq" + i, entry.head().sequence());
            params.put("type" + i, entry.row().type());
            params.put("at" + i, SqlTime.of(entry.row().at()));
            params.put("actorId" + i, entry.row().actorId());
            params.put("actorRole" + i, entry.row().actorRole());
            params.put("visibility" + i, entry.row().visibility().name());
            params.put("canonical" + i, entry.canonical());
            params.put("previous" + i, entry.previousHash());
            params.put("hash" + i, entry.head().hash());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private void moveHead(UUID disputeId, Head from, Head to) {
        int moved = jdbc.sql("""
                update audit_chain_head set seq = :next, entry_hash = :hash
                where dispute_id = :dispute and seq = :previous""")
                .param("dispute", disputeId).param("next", to.sequence()).param("hash", to.hash())
                .param("previous", from.sequence())
                .update();
        if (moved != 1) {
            throw new IllegalStateException("the audit chain of dispute " + disputeId + " moved during an append");
        }
    }

    private String salt() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
