package io.arbiter.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.audit.ChainProblem.Kind;
import io.arbiter.common.NotFoundException;
import io.arbiter.dispute.DisputeEvent.Visibility;
import tools.jackson.databind.JsonNode;

/**
 * Reads and verifies the chains. Each dispute's chain is read with its head in one statement, so a verification
 * running beside live appends sees one consistent state and never reports an append in progress as damage.
 */
@Service
public class AuditTrail {

    public static final int MAX_LISTED = 100;

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every entry of the dispute's chain, first to last. */
    @Transactional(readOnly = true)
    public List<ChainEntry> entries(UUID disputeId) {
        return jdbc.sql("""
                        select dispute_id, seq, type, at, actor_id, actor_role, visibility, canonical, previous_hash,
                               entry_hash
                        from audit_chain_entry where dispute_id = :dispute order by seq""")
                .param("dispute", disputeId)
                .query((rs, row) -> new ChainEntry(rs.getObject("dispute_id", UUID.class), rs.getLong("seq"),
                        rs.getString("type"), rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
                        rs.getString("actor_role"), visibility(rs.getString("visibility")),
                        rs.getString("canonical"), rs.getString("previous_hash"), rs.getString("entry_hash")))
                .list();
    }

    /** Verifies one dispute's chain; 404 when there is no such dispute. */
    public ChainReport verify(UUID disputeId) {
        var state = new Object() {
            boolean found;
            Long headSequence;
            String headHash;
            boolean pendingBackfill;
            final List<ChainEntry> entries = new ArrayList<>();
        };
        jdbc.sql("""
                        select h.seq head_seq, h.entry_hash head_hash,
                               case when b.dispute_id is null then 0 else 1 end pending,
                               e.seq, e.type, e.at, e.actor_id, e.actor_role, e.visibility, e.canonical,
                               e.previous_hash, e.entry_hash
                        from dispute d
                        left join audit_chain_head h on h.dispute_id = d.id
                        left join audit_backfill b on b.dispute_id = d.id
                        left join audit_chain_entry e on e.dispute_id = d.id
                        where d.id = :dispute
                        order by e.seq""")
                .param("dispute", disputeId)
                .query(rs -> {
                    state.found = true;
                    long headSequence = rs.getLong("head_seq");
                    state.headSequence = rs.wasNull() ? null : headSequence;
                    state.headHash = rs.getString("head_hash");
                    state.pendingBackfill = rs.getInt("pending") == 1;
                    long sequence = rs.getLong("seq");
                    if (!rs.wasNull()) {
                        state.entries.add(new ChainEntry(disputeId, sequence, rs.getString("type"),
                                rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
                                rs.getString("actor_role"), visibility(rs.getString("visibility")),
                                rs.getString("canonical"), rs.getString("previous_hash"),
                                rs.getString("entry_hash")));
                    }
                });
        if (!state.found) {
            throw new NotFoundException("dispute", disputeId);
        }
        return check(disputeId, state.headSequence, state.headHash, state.pendingBackfill, state.entries);
    }

    /** Verifies every dispute's chain, oldest dispute first. */
    public AuditReport verifyAll() {
        List<UUID> disputes = jdbc.sql("select id from dispute order by opened_at, id").query(UUID.class).list();
        long entries = 0;
        long broken = 0;
        List<ChainProblem> problems = new ArrayList<>();
        for (UUID disputeId : disputes) {
            ChainReport report = verify(disputeId);
            entries += report.entries();
            if (!report.intact()) {
                broken++;
                if (problems.size() < MAX_LISTED) {
                    problems.add(report.firstProblem());
                }
            }
        }
        return new AuditReport(broken == 0, disputes.size(), entries, broken,
                problems.isEmpty() ? null : problems.get(0), problems);
    }

    /** The checks, in the order an outsider would make them; the first failure is the one reported. */
    static ChainReport check(UUID disputeId, Long headSequence, String headHash, boolean pendingBackfill,
                             List<ChainEntry> entries) {
        String previousHash = CanonicalJson.GENESIS;
        long expected = 1;
        for (ChainEntry entry : entries) {
            ChainProblem problem = checkEntry(entry, expected, previousHash);
            if (problem != null) {
                return broken(disputeId, entries, problem);
            }
            previousHash = entry.hash();
            expected++;
        }
        long last = expected - 1;
        if (entries.isEmpty() && headSequence == null) {
            return broken(disputeId, entries, new ChainProblem(disputeId, 1, Kind.MISSING_SEQUENCE,
                    pendingBackfill ? "the dispute predates the chain and has not been chained from its timeline yet"
                            + " (that happens when Arbiter starts)" : "the dispute has no chain entries"));
        }
        if (headSequence == null) {
            return broken(disputeId, entries, new ChainProblem(disputeId, last, Kind.HEAD_MISMATCH,
                    "the chain has no head row"));
        }
        if (headSequence > last) {
            return broken(disputeId, entries, new ChainProblem(disputeId, last + 1, Kind.MISSING_SEQUENCE,
                    "the head says the chain ends at entry " + headSequence + " but the entries stop at " + last));
        }
        if (headSequence < last || !previousHash.equals(headHash)) {
            return broken(disputeId, entries, new ChainProblem(disputeId, headSequence, Kind.HEAD_MISMATCH,
                    "the head (entry " + headSequence + ", " + headHash + ") is not the last entry (" + last + ", "
                            + previousHash + ")"));
        }
        return new ChainReport(disputeId, true, entries.size(), last, previousHash, null);
    }

    private static ChainProblem checkEntry(ChainEntry entry, long expected, String previousHash) {
        UUID disputeId = entry.disputeId();
        if (entry.sequence() != expected) {
            return new ChainProblem(disputeId, expected, Kind.MISSING_SEQUENCE,
                    "entry " + expected + " is missing; the next entry is " + entry.sequence());
        }
        if (!previousHash.equals(entry.previousHash())) {
            return new ChainProblem(disputeId, expected, Kind.BROKEN_LINK, "its previous hash " + entry.previousHash()
                    + " is not the hash of entry " + (expected - 1) + " (" + previousHash + ")");
        }
        String recomputed = CanonicalJson.hash(entry.previousHash(), entry.canonical());
        if (!recomputed.equals(entry.hash())) {
            return new ChainProblem(disputeId, expected, Kind.HASH_MISMATCH, "its stored hash " + entry.hash()
                    + " is not SHA-256(previous hash + \"\\n\" + canonical form) = " + recomputed);
        }
        String disagreement = disagreement(entry);
        return disagreement == null ? null
                : new ChainProblem(disputeId, expected, Kind.CONTENT_MISMATCH, disagreement);
    }

    /** What the entry's columns say differently from its (hashed) canonical form, or null. */
    private static String disagreement(ChainEntry entry) {
        JsonNode canonical;
        try {
            canonical = CanonicalJson.MAPPER.readTree(entry.canonical());
        } catch (RuntimeException e) {
            return "its canonical form is not JSON";
        }
        if (canonical.path("sequence").asLong(-1) != entry.sequence()) {
            return "its sequence column says " + entry.sequence() + ", its canonical form "
                    + canonical.path("sequence");
        }
        if (!canonical.path("type").asString("").equals(entry.type())) {
            return "its type column says " + entry.type() + ", its canonical form " + canonical.path("type");
        }
        if (!sameInstant(canonical.path("at").asString(""), entry.at())) {
            return "its time column says " + entry.at() + ", its canonical form " + canonical.path("at");
        }
        JsonNode actor = canonical.path("actor");
        if (!actor.path("id").asString("").equals(entry.actorId())
                || !actor.path("role").asString("").equals(entry.actorRole())) {
            return "its actor columns say " + entry.actorId() + " (" + entry.actorRole() + "), its canonical form "
                    + actor;
        }
        if (entry.visibility() == null || !canonical.path("visibility").asString("").equals(entry.visibility().name())) {
            return "its visibility column says " + entry.visibility() + ", its canonical form "
                    + canonical.path("visibility");
        }
        return null;
    }

    private static boolean sameInstant(String text, Instant at) {
        try {
            return Instant.parse(text).equals(at);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Visibility visibility(String name) {
        try {
            return Visibility.valueOf(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ChainReport broken(UUID disputeId, List<ChainEntry> entries, ChainProblem problem) {
        ChainEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        return new ChainReport(disputeId, false, entries.size(), last == null ? null : last.sequence(),
                last == null ? null : last.hash(), problem);
    }
}
