package io.arbiter.insight;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeReason;

/**
 * The sellers with the most disputes per order placed in a window (the dashboard's top sellers). A seller's
 * disputes are those of its orders placed in the window, whenever opened; its orders, the orders placed in the
 * window. The disputes of orders placed on the window's whole UTC days are {@link InsightRollup}'s {@code
 * insight_seller_rollup} (V33) for those opened before the watermark, and the rows' for those opened since; the
 * window's partial days are read from the rows. Orders are counted from {@code insight_order_placed} alone: an
 * order's seller and time of placing may change at a re-import until it is disputed or settled, and nothing
 * records what they were, so no rollup of orders could be kept exact.
 */
@Component
class SellerRates {

    record SellerRate(String sellerId, long orders, long disputes) {
    }

    private final JdbcClient jdbc;

    SellerRates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The rollup's rows for the disputes opened from {@code :w0} to {@code :w1}: per UTC day their order was placed,
     * its seller and the dispute's reason, and {@code '*'} for all reasons.
     */
    static String rollupDeltas() {
        String select = "select " + InsightQueries.day("o.placed_at") + " day_number, o.seller_id, %s reason"
                + " from dispute d join marketplace_order o on o.id = d.order_id"
                + " where d.opened_at >= :w0 and d.opened_at < :w1";
        return "select reason, day_number, seller_id, count(*) disputes from (" + select.formatted("d.reason")
                + " union all " + select.formatted("cast('*' as varchar(40))") + ") x group by reason, day_number, seller_id";
    }

    /** The {@code limit} highest rates of the window's sellers with a dispute (of the reason), highest first. */
    List<SellerRate> top(MetricsWindow window, DisputeReason reason, int limit) {
        InsightQueries.Coverage days = InsightQueries.Coverage.of(window, Instant.EPOCH);
        Map<String, Object> params = new HashMap<>(InsightQueries.window(window, reason));
        params.put("fi", SqlTime.of(days.wholeFrom()));
        params.put("ei", SqlTime.of(days.wholeTo()));
        params.put("first", days.firstDay());
        params.put("end", days.endDay());
        params.put("key", InsightQueries.moneyKey(reason));
        String ofReason = InsightQueries.ofReason(reason, "d.reason");
        String sql = "select seller_id, sum(orders) orders, sum(disputes) disputes from ("
                + "select seller_id, count(*) orders, 0 disputes from marketplace_order"
                + " where placed_at >= :from and placed_at < :to group by seller_id"
                + " union all select r.seller_id, 0 orders, sum(r.disputes) disputes from insight_seller_rollup r"
                + " where r.reason = :key and r.day_number >= :first and r.day_number < :end"
                + " and exists (select 1 from insight_rollup_state where id = 1 and watermark is not null)"
                + " group by r.seller_id"
                + " union all select o.seller_id, 0 orders, count(*) disputes from dispute d"
                + " join marketplace_order o on o.id = d.order_id where d.opened_at >= :w"
                + " and o.placed_at >= :fi and o.placed_at < :ei" + ofReason + " group by o.seller_id"
                + " union all select o.seller_id, 0 orders, count(*) disputes from marketplace_order o"
                + " join dispute d on d.order_id = o.id where (o.placed_at >= :from and o.placed_at < :fi"
                + " or o.placed_at >= :ei and o.placed_at < :to)" + ofReason + " group by o.seller_id"
                + ") x group by seller_id having sum(disputes) > 0"
                + " order by cast(sum(disputes) as double precision) / sum(orders) desc, sum(disputes) desc,"
                + " seller_id limit " + limit;
        // The watermark is a parameter, not a subquery, so that the planner starts from the few disputes opened
        // since it (a subquery's value is unknown when planning: it started from the window's orders). If the
        // rollup stepped while the statement ran, its rows may already hold some of those disputes: read again.
        while (true) {
            Optional<Instant> watermark = watermark();
            params.put("w", SqlTime.of(watermark.orElse(Instant.EPOCH)));
            List<SellerRate> rates = jdbc.sql(sql).params(params)
                    .query((rs, row) -> new SellerRate(rs.getString("seller_id"), rs.getLong("orders"),
                            rs.getLong("disputes")))
                    .list();
            if (watermark().equals(watermark)) {
                return rates;
            }
        }
    }

    private Optional<Instant> watermark() {
        return jdbc.sql("select watermark from insight_rollup_state where id = 1")
                .query((rs, row) -> Optional.ofNullable(SqlTime.instant(rs, "watermark"))).single();
    }
}
