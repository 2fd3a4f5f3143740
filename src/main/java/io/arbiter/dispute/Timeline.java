package io.arbiter.dispute;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * The ordered history of every dispute as its readers see it: the entries of its event chain ({@link EventChain}),
 * written with the change that caused them, so the history and the state never disagree.
 */
@Component
class Timeline {

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
        List<TimelineEntry> unnamed = jdbc.sql("select seq, at, type, actor_id, actor_role, summary from dispute_event"
                        + " where dispute_id = :dispute and visibility in " + visible + " order by seq")
                .param("dispute", disputeId)
                .query((rs, row) -> new TimelineEntry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(),
                        rs.getString("type"), rs.getString("actor_id"), Role.valueOf(rs.getString("actor_role")),
                        null, rs.getString("summary")))
                .list();
        // Arbiter itself and the marketplace's keys are no users: only people are looked up.
        Map<String, String> names = users.displayNames(unnamed.stream()
                .filter(entry -> entry.actorRole() != Role.SYSTEM && entry.actorRole() != Role.INTEGRATION)
                .map(TimelineEntry::actorId).toList());
        return unnamed.stream().map(entry -> entry.named(names.getOrDefault(entry.actorId(), entry.actorId())))
                .toList();
    }
}
