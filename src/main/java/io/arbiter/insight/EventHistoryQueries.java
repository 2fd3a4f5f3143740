package io.arbiter.insight;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeReason;

/**
 * Every statement of the insight module that reads dispute event history (the dispute module's {@code
 * dispute_event} table) is here and nowhere else, so that the history's storage can move by changing this class
 * alone. Event types are the timeline's: the event's class name in upper snake case; an entry's canonical form holds
 * the event as JSON with its null members left out ({@code io.arbiter.common.CanonicalJson}).
 */
@Component
class EventHistoryQueries {

    private final JdbcClient jdbc;

    EventHistoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Due times that passed in the window while their party still had to act. An evidence due time the buyer had
     * met passes with no outcome and is not counted.
     */
    List<DisputeMetrics.DueTimesPassed> dueTimesPassed(MetricsWindow window, DisputeReason reason) {
        return jdbc.sql("""
                select due_time, party, count(*) n from (
                  select case when canonical like '%"dueTime":"EVIDENCE"%' then 'EVIDENCE' else 'CURRENT' end due_time,
                         case when canonical like '%"party":"BUYER"%' then 'BUYER'
                              when canonical like '%"party":"SELLER"%' then 'SELLER'
                              when canonical like '%"party":"AGENT"%' then 'AGENT' else 'OTHER' end party
                  from dispute_event
                  where type = 'DUE_TIME_PASSED' and at >= :from and at < :to
                    and canonical like '%"outcome":%'""" + (reason == null ? ""
                        : " and dispute_id in (select id from dispute where reason = :reason)") + """
                ) passed group by due_time, party order by due_time, party""")
                .params(InsightQueries.window(window, reason))
                .query((rs, row) -> new DisputeMetrics.DueTimesPassed(rs.getString("due_time"), rs.getString("party"),
                        rs.getLong("n")))
                .list();
    }

    record FirstAnswers(long answered, Long medianSeconds) {
    }

    /**
     * From opening to the seller's first own step (an answer, an offer, a message, evidence) over the seller's
     * disputes opened in the window; disputes the seller never answered are not in the median.
     */
    FirstAnswers sellersFirstAnswers(String sellerId, MetricsWindow window) {
        String took = InsightQueries.seconds("d.opened_at", "t.first_at");
        return jdbc.sql("select count(*) n, percentile_disc(0.5) within group (order by " + took + ") p50 from dispute d"
                        + " join (select dispute_id, min(at) first_at from dispute_event"
                        + "   where actor_role = 'SELLER' and dispute_id in (select id from dispute"
                        + "     where seller_id = :party and opened_at >= :from and opened_at < :to)"
                        + "   group by dispute_id) t on t.dispute_id = d.id")
                .params(InsightQueries.window(window)).param("party", sellerId)
                .query((rs, row) -> new FirstAnswers(rs.getLong("n"), InsightQueries.seconds(rs.getObject("p50"))))
                .single();
    }
}
