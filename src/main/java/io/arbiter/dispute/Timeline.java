package io.arbiter.dispute;

import io.arbiter.common.SqlTime;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.Json;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * The ordered history of every dispute. Each event is appended in the transaction of the change that
 * caused it, so the history and the state never disagree. Rows are only ever inserted.
 */
@Component
class Timeline {

    private final JdbcClient jdbc;
    private final UserDirectory users;

    Timeline(JdbcClient jdbc, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    @EventListener
    void record(DisputeEvent event) {
        jdbc.sql("""
                insert into dispute_timeline (dispute_id, at, type, actor_id, actor_role, summary, details, visibility)
                values (:dispute, :at, :type, :actorId, :actorRole, :summary, :details, :visibility)""")
                .param("dispute", event.disputeId())
                .param("at", SqlTime.of(event.at()))
                .param("type", typeOf(event))
                .param("actorId", event.actor().id())
                .param("actorRole", event.actor().role().name())
                .param("summary", abbreviate(event.summary()))
                .param("details", Json.write(event))
                .param("visibility", event.visibility().name())
                .update();
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
        List<TimelineEntry> unnamed = jdbc.sql("select id, at, type, actor_id, actor_role, summary from dispute_timeline"
                        + " where dispute_id = :dispute and visibility in " + visible + " order by id")
                .param("dispute", disputeId)
                .query((rs, row) -> new TimelineEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("type"), rs.getString("actor_id"), Role.valueOf(rs.getString("actor_role")),
                        null, rs.getString("summary")))
                .list();
        Map<String, String> names = users.displayNames(unnamed.stream().map(TimelineEntry::actorId).toList());
        return unnamed.stream().map(entry -> entry.named(names.get(entry.actorId()))).toList();
    }

    static String typeOf(DisputeEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }

    private static String abbreviate(String summary) {
        return summary.length() <= 2000 ? summary : summary.substring(0, 1997) + "...";
    }
}
