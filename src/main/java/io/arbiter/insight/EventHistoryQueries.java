package io.arbiter.insight;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The due time and the party of a DUE_TIME_PASSED entry, read from its canonical JSON. */
    private static final String DUE_TIME_AND_PARTY = """
            case when canonical like '%"dueTime":"EVIDENCE"%' then 'EVIDENCE' else 'CURRENT' end due_time,
            case when canonical like '%"party":"BUYER"%' then 'BUYER'
                 when canonical like '%"party":"SELLER"%' then 'SELLER'
                 when canonical like '%"party":"AGENT"%' then 'AGENT' else 'OTHER' end party""";

    /** Entries of due times that passed from parameter {@code from} to {@code to} while their party had to act. */
    private static String passed(String from, String to) {
        return " from dispute_event e where e.type = 'DUE_TIME_PASSED' and e.at >= :" + from + " and e.at < :" + to
                + " and e.canonical like '%\"outcome\":%'";
    }

    /**
     * The rollup's rows ({@code insight_rollup}, figure DUE) for the due times that passed from {@code :w0} to
     * {@code :w1}: per UTC day, reason (and {@code '*'} for all), due time and party.
     */
    static String rollupDeltas() {
        return "select 'DUE' figure, day_number, reason, due_time first_key, party second_key, count(*) amount from ("
                + passedPerDay("(select d.reason from dispute d where d.id = e.dispute_id)") + " union all "
                + passedPerDay("cast('*' as varchar(40))") + ") x group by day_number, reason, due_time, party";
    }

    private static String passedPerDay(String reason) {
        return "select " + InsightQueries.day("e.at") + " day_number, " + reason + " reason, " + DUE_TIME_AND_PARTY
                + passed("w0", "w1");
    }

    /**
     * Due times that passed in the window while their party still had to act: the rollup's whole days up to the
     * watermark, the rest from the entries. An evidence due time the buyer had met passes with no outcome and is
     * not counted.
     */
    List<DisputeMetrics.DueTimesPassed> dueTimesPassed(InsightQueries.Rolled rolled, DisputeReason reason) {
        Map<String, Long> counts = new TreeMap<>();
        rolled.of("DUE").forEach(row -> counts.merge(row.firstKey() + "/" + row.secondKey(), row.amount(), Long::sum));
        String ofReason = reason == null ? "" : " and e.dispute_id in (select id from dispute where reason = :reason)";
        jdbc.sql("select due_time, party, count(*) n from (select " + DUE_TIME_AND_PARTY + passed("from", "fi")
                        + ofReason + " union all select " + DUE_TIME_AND_PARTY + passed("cov", "to") + ofReason
                        + ") x group by due_time, party")
                .params(rolled.coverage().params(reason))
                .query(rs -> {
                    counts.merge(rs.getString("due_time") + "/" + rs.getString("party"), rs.getLong("n"), Long::sum);
                });
        return counts.entrySet().stream().map(e -> {
            String[] key = e.getKey().split("/");
            return new DisputeMetrics.DueTimesPassed(key[0], key[1], e.getValue());
        }).toList();
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
