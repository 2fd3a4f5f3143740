package io.arbiter.insight;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One party's figures over a window (a buyer's, a seller's) and the badges' counts of several parties, from the rows. */
@Component
class PartyQueries {

    /** An agent decided, and not to reject the claim: a decision against the seller. */
    private static final String DECIDED_FOR_BUYER =
            "outcome_settled_by = 'AGENT_DECISION' and outcome_type <> 'CLAIM_REJECTED'";

    private final JdbcClient jdbc;

    PartyQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PartyMetrics.Buyer buyer(String buyerId, MetricsWindow window) {
        long flags = jdbc.sql("""
                select count(*) from dispute d join evidence e on e.dispute_id = d.id
                join evidence_flag f on f.evidence_id = e.id
                where d.buyer_id = :party and d.opened_at >= :from and d.opened_at < :to
                  and e.supplied_by_party = 'BUYER'""")
                .params(InsightQueries.window(window)).param("party", buyerId).query(Long.class).single();
        return jdbc.sql("""
                select count(*) n,
                  count(case when outcome_refund_to_buyer > 0 and closed_at is not null then 1 end) refunded,
                  count(case when outcome_type = 'CLAIM_REJECTED' and status = 'RESOLVED' then 1 end) rejected,
                  count(case when status = 'WITHDRAWN' then 1 end) withdrawn,
                  count(escalated_at) escalated
                from dispute where buyer_id = :party and opened_at >= :from and opened_at < :to""")
                .params(InsightQueries.window(window)).param("party", buyerId)
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
                .params(InsightQueries.window(window)).param("party", sellerId)
                .query((rs, row) -> new SellerCounts(rs.getLong("n"), rs.getLong("settled"), rs.getLong("escalated"),
                        rs.getLong("against")))
                .single();
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
        jdbc.sql(sql).params(InsightQueries.window(window)).param("parties", List.copyOf(new TreeSet<>(parties)))
                .query(rs -> {
                    counts.put(rs.getString("party"), rs.getLong("n"));
                });
        return counts;
    }
}
