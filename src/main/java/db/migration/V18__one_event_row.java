package db.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.arbiter.common.CanonicalJson;
import io.arbiter.dispute.DisputeEvent.Visibility;
import io.arbiter.dispute.EventChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row per dispute event: the timeline entry and the audit chain entry, kept until now in two tables sharing
 * seven columns (plus a chain head row locked per event), become one row of {@code dispute_event}, and the chain's
 * head moves onto the dispute row. Existing entries keep their canonical forms and hashes, so chains and case files
 * made before still verify; their summaries, which they did not seal, are carried over beside them. A dispute that
 * the previous version had not chained yet (it chained them at start) is chained here from its timeline, with its
 * summaries sealed. Java, not SQL, for that chaining: the canonical form is computed by the application's own rules.
 * The migration refuses to finish when the timeline and the new table do not hold the same number of entries.
 */
public class V18__one_event_row extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.sql("alter table dispute add column chain_sequence bigint default 0 not null").update();
        jdbc.sql("alter table dispute add column chain_hash varchar(64) default '" + CanonicalJson.GENESIS
                + "' not null").update();
        jdbc.sql("""
                create table dispute_event (
                    dispute_id    uuid          not null references dispute (id),
                    seq           bigint        not null,
                    at            timestamp with time zone not null,
                    type          varchar(50)   not null,
                    actor_id      varchar(100)  not null,
                    actor_role    varchar(20)   not null,
                    visibility    varchar(20)   not null,
                    summary       varchar(2000) not null,
                    canonical     varchar(1000000) not null,
                    previous_hash varchar(64)   not null,
                    entry_hash    varchar(64)   not null,
                    primary key (dispute_id, seq)
                )""").update();
        // The n-th timeline row of a dispute is its n-th chain entry: both were written for each event in order.
        jdbc.sql("""
                insert into dispute_event (dispute_id, seq, at, type, actor_id, actor_role, visibility, summary,
                                           canonical, previous_hash, entry_hash)
                select e.dispute_id, e.seq, e.at, e.type, e.actor_id, e.actor_role, e.visibility, t.summary,
                       e.canonical, e.previous_hash, e.entry_hash
                from audit_chain_entry e
                join (select dispute_id, type, summary,
                             row_number() over (partition by dispute_id order by id) position
                      from dispute_timeline) t
                  on t.dispute_id = e.dispute_id and t.position = e.seq and t.type = e.type""").update();
        jdbc.sql("""
                update dispute
                set chain_sequence = (select h.seq from audit_chain_head h where h.dispute_id = dispute.id),
                    chain_hash = (select h.entry_hash from audit_chain_head h where h.dispute_id = dispute.id)
                where id in (select dispute_id from audit_chain_head)""").update();
        for (UUID disputeId : jdbc.sql("select dispute_id from audit_backfill where dispute_id not in"
                + " (select dispute_id from audit_chain_head)").query(UUID.class).list()) {
            chainFromTimeline(jdbc, disputeId);
        }
        requireEveryEntryCarriedOver(jdbc);
        jdbc.sql("drop table audit_backfill").update();
        jdbc.sql("drop table audit_chain_head").update();
        jdbc.sql("drop table audit_chain_entry").update();
        jdbc.sql("drop table dispute_timeline").update();
    }

    private record TimelineRow(Instant at, String type, String actorId, String actorRole, String summary,
                               String details, Visibility visibility) {
    }

    private static void chainFromTimeline(JdbcClient jdbc, UUID disputeId) {
        List<TimelineRow> rows = jdbc.sql("""
                        select at, type, actor_id, actor_role, summary, details, visibility from dispute_timeline
                        where dispute_id = :dispute order by id""")
                .param("dispute", disputeId)
                .query((rs, row) -> new TimelineRow(rs.getTimestamp("at").toInstant(), rs.getString("type"),
                        rs.getString("actor_id"), rs.getString("actor_role"), rs.getString("summary"),
                        rs.getString("details"), Visibility.valueOf(rs.getString("visibility"))))
                .list();
        List<EventChain.Link> links = new ArrayList<>();
        long sequence = 0;
        String previousHash = CanonicalJson.GENESIS;
        for (TimelineRow row : rows) {
            JsonNode details = CanonicalJson.MAPPER.readTree(row.details());
            ObjectNode actor = CanonicalJson.MAPPER.createObjectNode()
                    .put("id", row.actorId()).put("role", row.actorRole());
            JsonNode recordedActor = details.path("actor");
            if (recordedActor.isObject() && recordedActor.path("displayName").isString()) {
                actor.put("displayName", recordedActor.path("displayName").stringValue());
            }
            ObjectNode envelope = EventChain.envelope(row.type(), row.at(), actor, row.visibility(), disputeId,
                    details, row.summary());
            envelope.put("backfilled", true);
            EventChain.Link link = EventChain.link(++sequence, previousHash, envelope, row.type(), row.at(),
                    row.actorId(), row.actorRole(), row.visibility(), row.summary());
            links.add(link);
            previousHash = link.hash();
        }
        EventChain.insert(jdbc, disputeId, links);
        jdbc.sql("update dispute set chain_sequence = :sequence, chain_hash = :hash where id = :dispute")
                .param("sequence", sequence).param("hash", previousHash).param("dispute", disputeId).update();
    }

    private static void requireEveryEntryCarriedOver(JdbcClient jdbc) {
        List<Map<String, Object>> differing = jdbc.sql("""
                        select t.dispute_id, t.entries timeline, coalesce(e.entries, 0) carried
                        from (select dispute_id, count(*) entries from dispute_timeline group by dispute_id) t
                        left join (select dispute_id, count(*) entries from dispute_event group by dispute_id) e
                          on e.dispute_id = t.dispute_id
                        where coalesce(e.entries, 0) <> t.entries
                        fetch first 10 rows only""")
                .query().listOfRows();
        if (!differing.isEmpty()) {
            throw new FlywayException("the timeline and the audit chain of these disputes do not hold the same"
                    + " entries in the same order, so they cannot become one event table: " + differing
                    + ". Check them with the previous version's 'audit verify' before upgrading.");
        }
    }
}
