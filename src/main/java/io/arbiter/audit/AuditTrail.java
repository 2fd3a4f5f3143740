package io.arbiter.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.arbiter.audit.ChainProblem.Kind;
import io.arbiter.common.CanonicalJson;
import io.arbiter.common.NotFoundException;
import io.arbiter.dispute.EventHistory;
import io.arbiter.dispute.RecordedChain;
import io.arbiter.dispute.RecordedEvent;
import tools.jackson.databind.JsonNode;

/**
 * Verifies the chains: every entry against its hash and the entry before, the columns people read (type, time,
 * actor, visibility, summary) against what the entry seals, the dispute row's head against the last entry (so a
 * chain cut short at its tail is caught), and the row's facts (parties, claim, how it ended and the money) against
 * what its sealed events say. Each dispute's chain is read with its row in one statement, so a verification running
 * beside live changes sees one consistent state and never reports a change in progress as damage.
 */
@Service
public class AuditTrail {

    public static final int MAX_LISTED = 100;

    private final EventHistory history;

    AuditTrail(EventHistory history) {
        this.history = history;
    }

    /** The dispute's chain and head; 404 when there is no such dispute. */
    public RecordedChain chain(UUID disputeId) {
        return history.chain(disputeId).orElseThrow(() -> new NotFoundException("dispute", disputeId));
    }

    /** Verifies one dispute's chain; 404 when there is no such dispute. */
    public ChainReport verify(UUID disputeId) {
        return check(chain(disputeId));
    }

    /** Verifies every dispute's chain, oldest dispute first. */
    public AuditReport verifyAll() {
        List<UUID> disputes = history.disputes();
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
    static ChainReport check(RecordedChain chain) {
        UUID disputeId = chain.disputeId();
        List<RecordedEvent> entries = chain.events();
        String previousHash = CanonicalJson.GENESIS;
        long expected = 1;
        for (RecordedEvent entry : entries) {
            ChainProblem problem = checkEntry(entry, expected, previousHash);
            if (problem != null) {
                return broken(disputeId, entries, problem);
            }
            previousHash = entry.hash();
            expected++;
        }
        long last = expected - 1;
        if (entries.isEmpty()) {
            return broken(disputeId, entries, new ChainProblem(disputeId, 1, Kind.MISSING_SEQUENCE,
                    "the dispute has no chain entries"));
        }
        if (chain.headSequence() > last) {
            return broken(disputeId, entries, new ChainProblem(disputeId, last + 1, Kind.MISSING_SEQUENCE,
                    "the dispute says its chain ends at entry " + chain.headSequence() + " but the entries stop at "
                            + last));
        }
        if (chain.headSequence() < last || !previousHash.equals(chain.headHash())) {
            return broken(disputeId, entries, new ChainProblem(disputeId, chain.headSequence(), Kind.HEAD_MISMATCH,
                    "the dispute's head (entry " + chain.headSequence() + ", " + chain.headHash()
                            + ") is not the last entry (" + last + ", " + previousHash + ")"));
        }
        String stateProblem = StateFromEvents.disagreement(chain.facts(), entries);
        if (stateProblem != null) {
            return broken(disputeId, entries, new ChainProblem(disputeId, last, Kind.STATE_MISMATCH, stateProblem));
        }
        return new ChainReport(disputeId, true, entries.size(), last, previousHash, null);
    }

    private static ChainProblem checkEntry(RecordedEvent entry, long expected, String previousHash) {
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
    private static String disagreement(RecordedEvent entry) {
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
        // Entries sealed before the summary was (chains older than the event table) carry their text unsealed.
        JsonNode summary = canonical.path("summary");
        if (!summary.isMissingNode() && !Objects.equals(summary.asString(null), entry.summary())) {
            return "its summary says \"" + entry.summary() + "\", its canonical form " + summary;
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

    private static ChainReport broken(UUID disputeId, List<RecordedEvent> entries, ChainProblem problem) {
        RecordedEvent last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        return new ChainReport(disputeId, false, entries.size(), last == null ? null : last.sequence(),
                last == null ? null : last.hash(), problem);
    }
}
