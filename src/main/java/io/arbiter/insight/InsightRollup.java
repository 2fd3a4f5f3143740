package io.arbiter.insight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeReason;

/**
 * Keeps {@code insight_rollup} (V24): moves the watermark from where it is to {@code rollup-lag} before now, a month
 * at most per transaction, adding what the rows between the two watermarks say. Each step claims the one state row
 * with a conditional update first (its watermark must still be the one the step started from), so of several
 * instances stepping at once one adds and the others find the watermark moved and stop. Nothing here runs in a
 * dispute's transaction: the write path of a dispute is not touched.
 */
@Component
public class InsightRollup {

    /** The most one transaction adds: a month of rows. */
    static final Duration STEP = Duration.ofDays(30);
    /** Journals earlier than this are not looked for. */
    private static final Instant BEGINNING = Instant.EPOCH;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final InsightProperties properties;
    private final Clock clock;

    InsightRollup(JdbcClient jdbc, PlatformTransactionManager transactions, InsightProperties properties,
                  Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** Steps until the watermark is {@code rollup-lag} before now; returns the watermark reached (empty: none yet). */
    public Optional<Instant> rollUp() {
        Instant target = clock.instant().minus(properties.rollupLag()).truncatedTo(ChronoUnit.SECONDS);
        while (true) {
            Optional<Instant> watermark = watermark();
            if (watermark.isPresent() && !watermark.get().isBefore(target)) {
                return watermark;
            }
            Boolean stepped = transaction.execute(status -> step(watermark.orElse(null), target));
            if (!Boolean.TRUE.equals(stepped)) {
                return watermark();
            }
        }
    }

    Optional<Instant> watermark() {
        return jdbc.sql("select watermark from insight_rollup_state where id = 1")
                .query((rs, row) -> Optional.ofNullable(SqlTime.instant(rs, "watermark"))).single();
    }

    /** Adds the rows from {@code from} (null: the first step) to at most a month later; false if another did. */
    private boolean step(Instant from, Instant target) {
        Instant start = from != null ? from : firstOpened().filter(first -> first.isBefore(target)).orElse(target);
        Instant end = start.plus(STEP).isBefore(target) ? start.plus(STEP) : target;
        int claimed = jdbc.sql("update insight_rollup_state set watermark = :end, rolled_at = :now where id = 1 and "
                        + (from == null ? "watermark is null" : "watermark = :from"))
                .param("end", SqlTime.of(end)).param("now", SqlTime.of(clock.instant()))
                .param("from", SqlTime.of(from))
                .update();
        if (claimed == 0) {
            return false;
        }
        Map<String, Object> closedBetween = Map.of("w0", SqlTime.of(start), "w1", SqlTime.of(end));
        merge("""
                select 'OPENED' figure, day_number, reason, status first_key, currency second_key, count(*) amount from (
                  select %s day_number, reason, status, currency from dispute where closed_at >= :w0 and closed_at < :w1
                ) x group by day_number, reason, status, currency""".formatted(InsightQueries.day("opened_at")),
                closedBetween);
        merge("""
                select 'CLOSED' figure, day_number, reason, first_key, second_key, count(*) amount from (
                  select %s day_number, reason, coalesce(outcome_type, '') first_key,
                         coalesce(outcome_settled_by, '') second_key
                  from dispute where closed_at >= :w0 and closed_at < :w1
                ) x group by day_number, reason, first_key, second_key""".formatted(InsightQueries.day("closed_at")),
                closedBetween);
        // Journals booked in the step for orders disputed before its end, and earlier journals of orders whose
        // first dispute (of the reason) was opened in the step: the pairs the rollup did not hold and now does.
        merge(null, Map.of(), start, end);
        for (DisputeReason reason : DisputeReason.values()) {
            merge(reason, Map.of("reason", reason.name()), start, end);
        }
        merge("insight_hourly_rollup", List.of("figure", "hour_number", "reason"), "disputes", """
                select figure, hour_number, reason, count(*) disputes from (
                  select 'OPENED' figure, %s hour_number, reason from dispute where opened_at >= :w0 and opened_at < :w1
                  union all
                  select 'CLOSED' figure, %s hour_number, reason from dispute where closed_at >= :w0 and closed_at < :w1
                ) x group by figure, hour_number, reason""".formatted(InsightQueries.units("opened_at", InsightQueries.HOUR),
                        InsightQueries.units("closed_at", InsightQueries.HOUR)), closedBetween);
        merge(EventHistoryQueries.rollupDeltas(), closedBetween);
        merge("insight_seller_rollup", List.of("reason", "day_number", "seller_id"), "disputes",
                SellerRates.rollupDeltas(), closedBetween);
        for (DurationPercentiles.Figure figure : DurationPercentiles.Figure.values()) {
            merge("insight_duration_rollup", List.of("figure", "day_number", "reason", "party", "bucket"), "disputes",
                    figure.rollupDeltas(), closedBetween);
        }
        return true;
    }

    private void merge(DisputeReason reason, Map<String, Object> params, Instant start, Instant end) {
        merge("select figure, day_number, cast(:key as varchar(40)) reason, first_key, '' second_key, sum(amount) amount"
                        + " from (" + InsightQueries.disputedJournals(reason, "w0", "w1", "w1") + " union all "
                        + InsightQueries.newlyDisputedJournals(reason, "epoch", "w0", "w0", "w1")
                        + ") x group by figure, day_number, first_key",
                withMoney(params, reason, start, end));
    }

    private static Map<String, Object> withMoney(Map<String, Object> params, DisputeReason reason, Instant start,
                                                 Instant end) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("key", InsightQueries.moneyKey(reason));
        all.put("epoch", SqlTime.of(BEGINNING));
        all.put("w0", SqlTime.of(start));
        all.put("w1", SqlTime.of(end));
        return all;
    }

    private void merge(String deltas, Map<String, Object> params) {
        merge("insight_rollup", List.of("figure", "day_number", "reason", "first_key", "second_key"), "amount",
                deltas, params);
    }

    /** Adds the deltas' {@code value} to the table's rows of the same {@code keys}, or inserts them. */
    private void merge(String table, List<String> keys, String value, String deltas, Map<String, Object> params) {
        String columns = String.join(", ", keys) + ", " + value;
        jdbc.sql("merge into " + table + " t using (" + deltas + ") s on "
                        + String.join(" and ", keys.stream().map(key -> "t." + key + " = s." + key).toList())
                        + " when matched then update set " + value + " = t." + value + " + s." + value
                        + " when not matched then insert (" + columns + ") values ("
                        + String.join(", ", Stream.concat(keys.stream(), Stream.of(value)).map(c -> "s." + c).toList())
                        + ")")
                .params(params).update();
    }

    private Optional<Instant> firstOpened() {
        return jdbc.sql("select min(opened_at) first from dispute")
                .query((rs, row) -> Optional.ofNullable(SqlTime.instant(rs, "first"))).single();
    }
}
