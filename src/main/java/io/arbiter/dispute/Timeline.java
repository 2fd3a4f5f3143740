package io.arbiter.dispute;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * The ordered history of every dispute as its readers see it: the entries of its event chain ({@link EventChain}),
 * written with the change that caused them, so the history and the state never disagree.
 */
@Component
class Timeline {

    /**
     * What sealed entries say, by their content. Every answer about a dispute carries its whole timeline, and reading
     * an entry parses its JSON and formats its money and times (together some 8% of a step's request CPU in the
     * lifecycle benchmark's profile). A sealed entry never changes; keyed by the content itself, a row changed
     * behind our back is read afresh.
     */
    private static final Cache<Sealed, Reading> READINGS = Caffeine.newBuilder()
            .maximumWeight(4_000_000)
            .weigher((Sealed sealed, Reading reading) -> sealed.canonical().length())
            .build();

    private final JdbcClient jdbc;
    private final UserDirectory users;

    Timeline(JdbcClient jdbc, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /** The entries the given side may read, oldest first. Agents, admins and the integration read all. */
    List<TimelineEntry> read(UUID disputeId, Party reader) {
        String visible = switch (reader) {
            case BUYER -> "('EVERYONE', 'BUYER_AND_AGENTS')";
            case SELLER -> "('EVERYONE', 'SELLER_AND_AGENTS')";
            // The marketplace may show what it reads to either party: no private limits.
            case INTEGRATION -> "('EVERYONE')";
            default -> "('EVERYONE', 'BUYER_AND_AGENTS', 'SELLER_AND_AGENTS')";
        };
        List<TimelineEntry> unnamed = jdbc.sql("select e.seq, e.at, e.type, e.actor_id, e.actor_role, e.summary,"
                        + " e.canonical, d.currency from dispute_event e join dispute d on d.id = e.dispute_id"
                        + " where e.dispute_id = :dispute and e.visibility in " + visible + " order by e.seq")
                .param("dispute", disputeId)
                .query((rs, row) -> entry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("type"),
                        rs.getString("actor_id"), Role.valueOf(rs.getString("actor_role")), rs.getString("summary"),
                        rs.getString("canonical"), rs.getString("currency")))
                .list();
        // Arbiter itself and the marketplace's keys are no users: only people are looked up.
        Map<String, String> names = users.displayNames(unnamed.stream()
                .filter(entry -> entry.actorRole() != Role.SYSTEM && entry.actorRole() != Role.INTEGRATION)
                .map(TimelineEntry::actorId).toList());
        return unnamed.stream().map(entry -> entry.named(names.getOrDefault(entry.actorId(), entry.actorId())))
                .toList();
    }

    /**
     * An entry written from the data its row seals; an entry whose data this version does not read (rows sealed
     * before events carried their data whole) keeps the line sealed with it.
     */
    static TimelineEntry entry(long sequence, Instant at, String type, String actorId, Role actorRole,
                               String storedSummary, String canonical, String currency) {
        Reading reading = canonical == null ? null : READINGS.get(new Sealed(type, canonical, currency),
                Timeline::reading);
        if (reading != null && reading.event() != null) {
            return new TimelineEntry(sequence, at, type, actorId, actorRole, null, reading.english(),
                    reading.event(), currency);
        }
        return new TimelineEntry(sequence, at, type, actorId, actorRole, null, storedSummary, null, currency);
    }

    private static Reading reading(Sealed sealed) {
        DisputeEvent event = EventTexts.read(sealed.type(), sealed.canonical()).orElse(null);
        if (event != null) {
            try {
                return new Reading(event, EventTexts.english(event, sealed.currency()));
            } catch (RuntimeException incomplete) {
                // The row's data lacks what its words need: its sealed line is still true.
            }
        }
        return new Reading(null, null);
    }

    /** A chain entry's sealed content: what its words are read from. */
    private record Sealed(String type, String canonical, String currency) {
    }

    /** The event a sealed entry holds and its English line; no event when this version cannot read it. */
    private record Reading(DisputeEvent event, String english) {
    }
}
