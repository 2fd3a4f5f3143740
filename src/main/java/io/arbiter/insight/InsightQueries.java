package io.arbiter.insight;

import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeReason;

/**
 * The read model's SQL over the disputes', evidence's and ledger's tables (never their event history: that is
 * {@link EventHistoryQueries}). Each statement is answered from an index of V21__insight.sql or of the table's own,
 * over the window's rows only.
 */
@Component
class InsightQueries {

    /** Seconds between two instants, floored, the same on H2 and PostgreSQL. */
    static String seconds(String from, String to) {
        return "floor(extract(epoch from " + to + ") - extract(epoch from " + from + "))";
    }

    /** An agent decided, and not to reject the claim: a decision against the seller. */
    private static final String DECIDED_FOR_BUYER =
            "outcome_settled_by = 'AGENT_DECISION' and outcome_type <> 'CLAIM_REJECTED'";

    private final JdbcClient jdbc;

    InsightQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Count(String reason, String status, String currency, long count) {
    }

    List<Count> opened(MetricsWindow window, DisputeReason reason) {
        return jdbc.sql("select reason, status, currency, count(*) n from dispute"
                        + " where opened_at >= :from and opened_at < :to" + ofReason(reason, "reason")
                        + " group by reason, status, currency")
                .params(window(window, reason))
                .query((rs, row) -> new Count(rs.getString("reason"), rs.getString("status"), rs.getString("currency"),
                        rs.getLong("n")))
                .list();
    }

    record Ending(String outcome, String settledBy, long count) {
    }

    List<Ending> closed(MetricsWindow window, DisputeReason reason) {
        return jdbc.sql("select outcome_type, outcome_settled_by, count(*) n from dispute"
                        + " where closed_at >= :from and closed_at < :to" + ofReason(reason, "reason")
                        + " group by outcome_type, outcome_settled_by")
                .params(window(window, reason))
                .query((rs, row) -> new Ending(rs.getString("outcome_type"), rs.getString("outcome_settled_by"),
                        rs.getLong("n")))
                .list();
    }

    DisputeMetrics.Durations timeToResolution(MetricsWindow window, DisputeReason reason) {
        String took = seconds("opened_at", "closed_at");
        return jdbc.sql("select count(*) n, percentile_disc(0.5) within group (order by " + took + ") p50,"
                        + " percentile_disc(0.9) within group (order by " + took + ") p90"
                        + " from dispute where closed_at >= :from and closed_at < :to" + ofReason(reason, "reason"))
                .params(window(window, reason))
                .query((rs, row) -> new DisputeMetrics.Durations(rs.getLong("n"), seconds(rs.getObject("p50")),
                        seconds(rs.getObject("p90"))))
                .single();
    }

    List<DisputeMetrics.AgentReviews> agentReviews(MetricsWindow window, DisputeReason reason) {
        String took = seconds("escalated_at", "outcome_settled_at");
        return jdbc.sql("select outcome_decided_by agent, count(*) n,"
                        + " percentile_disc(0.5) within group (order by " + took + ") p50,"
                        + " percentile_disc(0.9) within group (order by " + took + ") p90"
                        + " from dispute where outcome_settled_by = 'AGENT_DECISION'"
                        + " and outcome_settled_at >= :from and outcome_settled_at < :to" + ofReason(reason, "reason")
                        + " group by outcome_decided_by order by outcome_decided_by")
                .params(window(window, reason))
                .query((rs, row) -> new DisputeMetrics.AgentReviews(rs.getString("agent"), rs.getLong("n"),
                        seconds(rs.getObject("p50")), seconds(rs.getObject("p90"))))
                .list();
    }

    /**
     * What the ledger moved out of escrow for orders that had a dispute: a refund or release journal's debits are
     * the amount it moved (its credit is the escrow's).
     */
    List<DisputeMetrics.Money> money(MetricsWindow window, DisputeReason reason) {
        Map<String, long[]> byCurrency = new TreeMap<>();
        jdbc.sql("""
                select j.kind, j.currency, sum(e.amount) moved from ledger_journal j
                join ledger_entry e on e.journal_id = j.id
                where j.kind in ('REFUND', 'RELEASE') and j.created_at >= :from and j.created_at < :to
                  and e.amount > 0 and exists (select 1 from dispute d where d.order_id = j.order_id"""
                        + ofReason(reason, "d.reason") + ") group by j.kind, j.currency")
                .params(window(window, reason))
                .query(rs -> {
                    long[] amounts = byCurrency.computeIfAbsent(rs.getString("currency"), c -> new long[2]);
                    amounts[rs.getString("kind").equals("REFUND") ? 0 : 1] += rs.getLong("moved");
                });
        return byCurrency.entrySet().stream().map(e -> new DisputeMetrics.Money(e.getKey(),
                Currency.getInstance(e.getKey()).getDefaultFractionDigits(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    record Backlog(Map<String, Long> byStatus, long awaitingAgent, long overdueReviews) {

        long open() {
            return byStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Backlog backlog(Instant now, DisputeReason reason) {
        Map<String, Long> byStatus = new TreeMap<>();
        jdbc.sql("select status, count(*) n from dispute where closed_at is null" + ofReason(reason, "reason")
                        + " group by status")
                .params(reason == null ? Map.of() : Map.of("reason", reason.name()))
                .query(rs -> {
                    byStatus.put(rs.getString("status"), rs.getLong("n"));
                });
        return jdbc.sql("""
                select count(case when assigned_agent_id is null then 1 end) waiting,
                       count(case when review_due_at < :now then 1 end) overdue
                from dispute where status = 'UNDER_REVIEW'""" + ofReason(reason, "reason"))
                .params(reason == null ? Map.of() : Map.of("reason", reason.name()))
                .param("now", SqlTime.of(now))
                .query((rs, row) -> new Backlog(byStatus, rs.getLong("waiting"), rs.getLong("overdue")))
                .single();
    }

    PartyMetrics.Buyer buyer(String buyerId, MetricsWindow window) {
        long flags = jdbc.sql("""
                select count(*) from dispute d join evidence e on e.dispute_id = d.id
                join evidence_flag f on f.evidence_id = e.id
                where d.buyer_id = :party and d.opened_at >= :from and d.opened_at < :to
                  and e.supplied_by_party = 'BUYER'""")
                .params(window(window)).param("party", buyerId).query(Long.class).single();
        return jdbc.sql("""
                select count(*) n,
                  count(case when outcome_refund_to_buyer > 0 and closed_at is not null then 1 end) refunded,
                  count(case when outcome_type = 'CLAIM_REJECTED' then 1 end) rejected,
                  count(case when status = 'WITHDRAWN' then 1 end) withdrawn,
                  count(escalated_at) escalated
                from dispute where buyer_id = :party and opened_at >= :from and opened_at < :to""")
                .params(window(window)).param("party", buyerId)
                .query((rs, row) -> new PartyMetrics.Buyer(buyerId, window.from(), window.to(), rs.getLong("n"),
                        rs.getLong("refunded"), rs.getLong("rejected"), rs.getLong("withdrawn"),
                        rs.getLong("escalated"), PartyMetrics.share(rs.getLong("escalated"), rs.getLong("n")), flags))
                .single();
    }

    record SellerCounts(long received, long settledBeforeAgent, long escalated, long decisionsAgainst) {
    }

    SellerCounts seller(String sellerId, MetricsWindow window) {
        return jdbc.sql("select count(*) n, count(case when escalated_at is null"
                        + " and outcome_settled_by in ('AGREEMENT', 'PRIVATE_LIMITS_MET') then 1 end) settled,"
                        + " count(escalated_at) escalated, count(case when " + DECIDED_FOR_BUYER + " then 1 end) against"
                        + " from dispute where seller_id = :party and opened_at >= :from and opened_at < :to")
                .params(window(window)).param("party", sellerId)
                .query((rs, row) -> new SellerCounts(rs.getLong("n"), rs.getLong("settled"), rs.getLong("escalated"),
                        rs.getLong("against")))
                .single();
    }

    record HourCount(long hour, String reason, long count) {
    }

    /**
     * Disputes opened ({@code column} opened_at) or closed (closed_at) per hour of the window, by reason. Hours are
     * counted from the epoch shifted by {@code shiftSeconds}, so that a zone whose offset is not whole hours gets
     * hours that begin at its midnights.
     */
    List<HourCount> perHour(String column, MetricsWindow window, DisputeReason reason, int shiftSeconds) {
        if (!column.equals("opened_at") && !column.equals("closed_at")) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("select h, reason, count(*) n from (select floor((extract(epoch from " + column + ") + :shift)"
                        + " / 3600) h, reason from dispute where " + column + " >= :from and " + column + " < :to"
                        + ofReason(reason, "reason") + ") hours group by h, reason")
                .params(window(window, reason)).param("shift", shiftSeconds)
                .query((rs, row) -> new HourCount(rs.getLong("h"), rs.getString("reason"), rs.getLong("n")))
                .list();
    }

    record SellerRate(String sellerId, long orders, long disputes) {
    }

    /** Sellers with the most disputes (of the reason) per order placed in the window: the ten highest rates. */
    List<SellerRate> topSellersByDisputeRate(MetricsWindow window, DisputeReason reason, int limit) {
        return jdbc.sql("select o.seller_id, count(*) orders, count(d.id) disputes from marketplace_order o"
                        + " left join dispute d on d.order_id = o.id" + ofReason(reason, "d.reason")
                        + " where o.placed_at >= :from and o.placed_at < :to group by o.seller_id"
                        + " having count(d.id) > 0"
                        + " order by cast(count(d.id) as double precision) / count(*) desc, count(d.id) desc, o.seller_id"
                        + " limit " + limit)
                .params(window(window, reason))
                .query((rs, row) -> new SellerRate(rs.getString("seller_id"), rs.getLong("orders"),
                        rs.getLong("disputes")))
                .list();
    }

    /** Disputes each buyer opened in the window, for those who opened any. */
    Map<String, Long> disputesOpenedBy(List<String> buyerIds, MetricsWindow window) {
        return countsByParty("""
                select buyer_id party, count(*) n from dispute
                where buyer_id in (:parties) and opened_at >= :from and opened_at < :to group by buyer_id""",
                buyerIds, window);
    }

    /** Agents' decisions for the buyer on each seller's disputes opened in the window, as {@link #seller} counts them. */
    Map<String, Long> decisionsAgainst(List<String> sellerIds, MetricsWindow window) {
        return countsByParty("select seller_id party, count(*) n from dispute where seller_id in (:parties)"
                + " and opened_at >= :from and opened_at < :to and " + DECIDED_FOR_BUYER + " group by seller_id",
                sellerIds, window);
    }

    private Map<String, Long> countsByParty(String sql, List<String> parties, MetricsWindow window) {
        Map<String, Long> counts = new HashMap<>();
        if (parties.isEmpty()) {
            return counts;
        }
        jdbc.sql(sql).params(window(window)).param("parties", List.copyOf(new java.util.TreeSet<>(parties)))
                .query(rs -> {
                    counts.put(rs.getString("party"), rs.getLong("n"));
                });
        return counts;
    }

    static Map<String, Object> window(MetricsWindow window) {
        return Map.of("from", SqlTime.of(window.from()), "to", SqlTime.of(window.to()));
    }

    /** The window's parameters, and {@code reason} when the figures are of one reason. */
    static Map<String, Object> window(MetricsWindow window, DisputeReason reason) {
        return reason == null ? window(window)
                : Map.of("from", SqlTime.of(window.from()), "to", SqlTime.of(window.to()), "reason", reason.name());
    }

    /** The condition that keeps one reason's disputes, or none; written into the SQL so each plan fits its query. */
    static String ofReason(DisputeReason reason, String column) {
        return reason == null ? "" : " and " + column + " = :reason";
    }

    static Long seconds(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
