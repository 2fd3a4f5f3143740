package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.CanonicalJson;
import io.arbiter.dispute.EventHistory;
import io.arbiter.dispute.RecordedChain;
import io.arbiter.support.EarlierDatabase;

/**
 * V18 on a database filled by the version before it: the timeline and the audit chain become one event row each,
 * chains keep their hashes and still verify, a dispute that was never chained is chained from its timeline with its
 * summaries sealed, the head moves onto the dispute row, and a database whose two tables disagree is refused.
 */
class EventRowMigrationTests {

    private static final UUID CHAINED = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID NEVER_CHAINED = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final Instant OPENED = Instant.parse("2026-03-02T10:00:00Z");

    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void carriesEveryEntryOverWithItsHashesAndChainsWhatWasNeverChained() {
        EarlierDatabase database = beforeTheEventTable();
        JdbcClient jdbc = database.jdbc();
        database.insertDispute(NEVER_CHAINED, "ORD-1", "AWAITING_SELLER");
        List<String> hashes = olderHistory(jdbc, CHAINED, true, "Where is the second shoe?", "Sent today");
        olderHistory(jdbc, NEVER_CHAINED, false, "Hello");
        jdbc.sql("insert into audit_backfill (dispute_id) values (:d)").param("d", NEVER_CHAINED).update();

        database.migrate("latest");

        EventHistory history = new EventHistory(jdbc);
        RecordedChain chained = history.chain(CHAINED).orElseThrow();
        assertThat(chained.events()).extracting(event -> event.hash()).isEqualTo(hashes);
        assertThat(chained.events()).extracting(event -> event.summary())
                .containsExactly("Dispute opened", "Buyer: Where is the second shoe?", "Buyer: Sent today");
        assertThat(chained.headSequence()).isEqualTo(3);
        assertThat(chained.headHash()).isEqualTo(hashes.get(2));
        assertThat(AuditTrail.check(chained).intact()).isTrue();

        RecordedChain backfilled = history.chain(NEVER_CHAINED).orElseThrow();
        assertThat(backfilled.events()).extracting(event -> event.type())
                .containsExactly("DISPUTE_OPENED", "MESSAGE_POSTED");
        assertThat(backfilled.events()).allSatisfy(event -> assertThat(event.canonical())
                .contains("\"backfilled\":true").contains("\"summary\":\"" + event.summary() + "\""));
        assertThat(backfilled.headSequence()).isEqualTo(2);
        assertThat(AuditTrail.check(backfilled).intact()).isTrue();

        assertThat(jdbc.sql("""
                        select count(*) from information_schema.tables
                        where table_name in ('dispute_timeline', 'audit_chain_entry', 'audit_chain_head',
                                             'audit_backfill')""")
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusesWhenTheTimelineAndTheChainDoNotHoldTheSameEntries() {
        EarlierDatabase database = beforeTheEventTable();
        JdbcClient jdbc = database.jdbc();
        olderHistory(jdbc, CHAINED, true, "Where is the second shoe?");
        jdbc.sql("delete from audit_chain_entry where dispute_id = :d and seq = 2").param("d", CHAINED).update();

        assertThatThrownBy(() -> database.migrate("latest"))
                .hasStackTraceContaining("do not hold the same entries")
                .hasStackTraceContaining(CHAINED.toString());
    }

    /** A database at V17 with an order and the dispute {@link #CHAINED} on it. */
    private EarlierDatabase beforeTheEventTable() {
        EarlierDatabase database = newDatabase();
        database.migrate("17");
        database.insertOrder("ORD-1");
        database.insertDispute(CHAINED, "ORD-1", "AWAITING_SELLER");
        return database;
    }

    /**
     * The buyer's opening and messages as the earlier version wrote them: a timeline row each and, when
     * {@code chained}, the chain entries (without summaries) and the head. Returns the entries' hashes.
     */
    private static List<String> olderHistory(JdbcClient jdbc, UUID dispute, boolean chained, String... messages) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event(dispute, "DISPUTE_OPENED", "Dispute opened", OPENED, Map.of("orderId", "ORD-1",
                "buyerId", "buyer", "sellerId", "seller", "reason", "QUALITY_ISSUE",
                "claim", Map.of("type", "PARTIAL_REFUND", "amount", 1500, "sellerPaysReturnShipping", false))));
        for (int i = 0; i < messages.length; i++) {
            events.add(event(dispute, "MESSAGE_POSTED", "Buyer: " + messages[i], OPENED.plusSeconds(60L * (i + 1)),
                    Map.of("by", "BUYER", "text", messages[i])));
        }
        List<String> hashes = new ArrayList<>();
        String previous = CanonicalJson.GENESIS;
        long sequence = 0;
        for (Map<String, Object> event : events) {
            Map<String, Object> data = cast(event.get("event"));
            jdbc.sql("""
                    insert into dispute_timeline (dispute_id, at, type, actor_id, actor_role, summary, details, visibility)
                    values (:d, :at, :type, 'buyer', 'BUYER', :summary, :details, 'EVERYONE')""")
                    .param("d", dispute).param("at", Timestamp.from((Instant) event.get("at")))
                    .param("type", event.get("type")).param("summary", event.get("summary"))
                    .param("details", CanonicalJson.of(CanonicalJson.tree(data))).update();
            if (!chained) {
                continue;
            }
            sequence++;
            Map<String, Object> envelope = new LinkedHashMap<>(event);
            envelope.remove("summary");
            envelope.put("sequence", sequence);
            envelope.put("salt", "00112233445566778899aabbccddeeff");
            String canonical = CanonicalJson.of(CanonicalJson.tree(envelope));
            String hash = CanonicalJson.hash(previous, canonical);
            jdbc.sql("""
                    insert into audit_chain_entry (dispute_id, seq, type, at, actor_id, actor_role, visibility,
                                                   canonical, previous_hash, entry_hash)
                    values (:d, :seq, :type, :at, 'buyer', 'BUYER', 'EVERYONE', :canonical, :previous, :hash)""")
                    .param("d", dispute).param("seq", sequence).param("type", event.get("type"))
                    .param("at", Timestamp.from((Instant) event.get("at"))).param("canonical", canonical)
                    .param("previous", previous).param("hash", hash).update();
            hashes.add(hash);
            previous = hash;
        }
        if (chained) {
            jdbc.sql("insert into audit_chain_head (dispute_id, seq, entry_hash) values (:d, :seq, :hash)")
                    .param("d", dispute).param("seq", sequence).param("hash", previous).update();
        }
        return hashes;
    }

    private static Map<String, Object> event(UUID dispute, String type, String summary, Instant at,
                                             Map<String, Object> fields) {
        Map<String, Object> actor = Map.of("id", "buyer", "role", "BUYER", "displayName", "Ann");
        Map<String, Object> data = new LinkedHashMap<>(fields);
        data.put("disputeId", dispute.toString());
        data.put("actor", actor);
        data.put("at", at.toString());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("at", at);
        event.put("actor", actor);
        event.put("visibility", "EVERYONE");
        event.put("disputeId", dispute.toString());
        event.put("event", data);
        event.put("summary", summary);
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
