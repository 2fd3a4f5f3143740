package io.arbiter.dispute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** The dispute list for {@link DisputeService#list}: what the caller may see, filtered, one page. */
record DisputeList(JdbcClient jdbc) {

    PageResult<DisputeSummary> list(Actor actor, DisputeFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        params.put("me", actor.id());
        switch (actor.role()) {
            case BUYER -> where.append(" and d.buyer_id = :me");
            case SELLER -> where.append(" and d.seller_id = :me");
            case AGENT -> where.append(" and d.escalated_at is not null");
            default -> {
            }
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            where.append(" and d.status in (:statuses)");
            params.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        if (filter.orderId() != null) {
            where.append(" and d.order_id = :orderId");
            params.put("orderId", filter.orderId());
        }
        if (filter.assignment() != null) {
            where.append(switch (filter.assignment()) {
                case MINE -> " and d.assigned_agent_id = :me";
                case UNASSIGNED -> " and d.assigned_agent_id is null";
                case UNASSIGNED_OR_MINE -> " and (d.assigned_agent_id is null or d.assigned_agent_id = :me)";
            });
        }
        if (filter.overdueOnly()) {
            where.append(" and d.review_overdue = true and d.status = 'UNDER_REVIEW'");
        }
        if (filter.awaitingMe()) {
            where.append(switch (actor.role()) {
                case BUYER -> " and d.awaiting = 'BUYER'";
                case SELLER -> " and d.awaiting = 'SELLER'";
                case AGENT -> " and d.awaiting = 'AGENT' and (d.assigned_agent_id = :me or d.assigned_agent_id is null)";
                default -> " and 1 = 0";
            });
        }
        long total = jdbc.sql("select count(*) from dispute d" + where).params(params).query(Long.class).single();
        String order = filter.sort() == DisputeFilter.Sort.DUE
                ? " order by d.due_at asc nulls last, d.opened_at, d.id"
                : " order by d.opened_at desc, d.id";
        List<DisputeSummary> items = jdbc.sql("""
                        select d.id, d.order_id, d.reason, d.status, d.awaiting, d.due_at, d.buyer_id, d.seller_id,
                               d.assigned_agent_id, d.currency, d.held_amount, d.opened_at, d.review_overdue,
                               e.seq latest_seq, e.at latest_at, e.type latest_type, e.actor_id latest_actor_id,
                               e.actor_role latest_actor_role, e.summary latest_summary,
                               e.canonical latest_canonical
                        from dispute d
                        left join dispute_event e on e.dispute_id = d.id
                              and e.seq = (select max(t.seq) from dispute_event t
                                           where t.dispute_id = d.id and t.visibility = 'EVERYONE')"""
                        + where + order + " offset :offset rows fetch first :size rows only")
                .params(params).param("offset", page.offset()).param("size", page.size())
                .query((rs, row) -> {
                    Party awaiting = Party.valueOf(rs.getString("awaiting"));
                    String agent = rs.getString("assigned_agent_id");
                    var due = rs.getTimestamp("due_at");
                    String currency = rs.getString("currency");
                    long latestSequence = rs.getLong("latest_seq");
                    TimelineEntry latest = rs.wasNull() ? null : Timeline.entry(latestSequence,
                            rs.getTimestamp("latest_at").toInstant(), rs.getString("latest_type"),
                            rs.getString("latest_actor_id"), Role.valueOf(rs.getString("latest_actor_role")),
                            rs.getString("latest_summary"), rs.getString("latest_canonical"), currency);
                    return new DisputeSummary(rs.getObject("id", UUID.class), rs.getString("order_id"),
                            DisputeReason.valueOf(rs.getString("reason")),
                            DisputeStatus.valueOf(rs.getString("status")), awaiting,
                            due == null ? null : due.toInstant(), awaitsYou(actor, awaiting, agent),
                            rs.getString("buyer_id"), rs.getString("seller_id"), agent, currency,
                            rs.getLong("held_amount"), rs.getTimestamp("opened_at").toInstant(),
                            latest == null ? null : latest.at(), latest == null ? null : latest.summary(),
                            rs.getBoolean("review_overdue")
                                    && DisputeStatus.valueOf(rs.getString("status")) == DisputeStatus.UNDER_REVIEW,
                            latest);
                })
                .list();
        return new PageResult<>(items, page.page(), page.size(), total);
    }

    private static boolean awaitsYou(Actor actor, Party awaiting, String assignedAgent) {
        return switch (actor.role()) {
            case BUYER -> awaiting == Party.BUYER;
            case SELLER -> awaiting == Party.SELLER;
            case AGENT -> awaiting == Party.AGENT && (assignedAgent == null || assignedAgent.equals(actor.id()));
            default -> false;
        };
    }
}
