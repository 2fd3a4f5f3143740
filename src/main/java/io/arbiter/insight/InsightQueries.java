package io.arbiter.insight;

import java.time.Instant;
import java.util.ArrayList;
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
 * {@link EventHistoryQueries}). Each statement is answered from an index of V21__insight.sql, V24 or of the table's
 * own, over the window's rows only; the opened, closed and money figures read the whole days before the watermark from
 * {@link InsightRollup}'s rollup instead (the durations' percentiles: {@link DurationPercentiles}).
 */
@Component
class InsightQueries {

    /** Seconds between two instants, floored, the same on H2 and PostgreSQL. */
    static String seconds(String from, String to) {
        return "floor(extract(epoch from " + to + ") - extract(epoch from " + from + "))";
    }


    private final JdbcClient jdbc;

    InsightQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Count(String reason, String status, String currency, long count) {
    }

    /**
     * What the rollup says of the window's whole UTC days, read with its watermark in one statement (so that the two
     * agree even while {@link InsightRollup} steps), and the part of the window each raw statement reads.
     */
    record Rolled(Coverage coverage, List<RolledRow> rows) {

        List<RolledRow> of(String... figures) {
            List<String> wanted = List.of(figures);
            return rows.stream().filter(r -> wanted.contains(r.figure())).toList();
        }
    }

    record RolledRow(String figure, String reason, String firstKey, String secondKey, long amount) {
    }

    /**
     * The window split at whole UTC days: {@code [wholeFrom, wholeTo)} are the days the rollup answers for (empty
     * when there is no watermark yet or the window holds no whole day: both are then {@code from}), {@code
     * rolledTo} where its closings and payouts end (the watermark, within those days).
     */
    record Coverage(Instant from, Instant to, Instant wholeFrom, Instant wholeTo, Instant rolledTo,
                    Instant watermark) {

        static Coverage of(MetricsWindow window, Instant watermark) {
            return of(window, watermark, DAY);
        }

        /** As {@link #of(MetricsWindow, Instant)}, in whole {@code unit}s of seconds since the epoch (hours, say). */
        static Coverage of(MetricsWindow window, Instant watermark, long unit) {
            long first = Math.floorDiv(window.from().getEpochSecond(), unit);
            if (Instant.ofEpochSecond(first * unit).isBefore(window.from())) {
                first++;
            }
            long end = Math.floorDiv(window.to().getEpochSecond(), unit);
            if (watermark == null || first >= end) {
                return new Coverage(window.from(), window.to(), window.from(), window.from(), window.from(), null);
            }
            Instant wholeFrom = Instant.ofEpochSecond(first * unit);
            Instant wholeTo = Instant.ofEpochSecond(end * unit);
            Instant rolledTo = watermark.isBefore(wholeFrom) ? wholeFrom
                    : watermark.isAfter(wholeTo) ? wholeTo : watermark;
            return new Coverage(window.from(), window.to(), wholeFrom, wholeTo, rolledTo, watermark);
        }

        long firstDay() {
            return wholeFrom.getEpochSecond() / DAY;
        }

        long endDay() {
            return wholeTo.getEpochSecond() / DAY;
        }

        Map<String, Object> params(DisputeReason reason) {
            Map<String, Object> params = new HashMap<>(window(new MetricsWindow(from, to), reason));
            params.put("fi", SqlTime.of(wholeFrom));
            params.put("ei", SqlTime.of(wholeTo));
            params.put("cov", SqlTime.of(rolledTo));
            params.put("w", SqlTime.of(watermark == null ? from : watermark));
            return params;
        }
    }

    static final long DAY = 86_400;

    Rolled rolled(MetricsWindow window, DisputeReason reason) {
        Coverage whole = Coverage.of(window, Instant.EPOCH);
        List<RolledRow> rows = new ArrayList<>();
        Instant[] watermark = new Instant[1];
        jdbc.sql("select s.watermark, r.figure, r.reason, r.first_key, r.second_key, sum(r.amount) amount"
                        + " from insight_rollup_state s left join insight_rollup r on r.day_number >= :first and r.day_number < :end"
                        + " and (r.figure in ('OPENED', 'CLOSED')" + ofReason(reason, "r.reason")
                        + " or r.figure in ('REFUND', 'RELEASE', 'DUE') and r.reason = :key)"
                        + " where s.id = 1 group by s.watermark, r.figure, r.reason, r.first_key, r.second_key")
                .param("first", whole.firstDay()).param("end", whole.endDay()).param("key", moneyKey(reason))
                .params(reason == null ? Map.of() : Map.of("reason", reason.name()))
                .query(rs -> {
                    watermark[0] = SqlTime.instant(rs, "watermark");
                    if (rs.getString("figure") != null) {
                        rows.add(new RolledRow(rs.getString("figure"), rs.getString("reason"),
                                rs.getString("first_key"), rs.getString("second_key"), rs.getLong("amount")));
                    }
                });
        Coverage coverage = Coverage.of(window, watermark[0]);
        return new Rolled(coverage, coverage.watermark() == null ? List.of() : rows);
    }

    /**
     * The rollup's whole days, then the rest from the rows: the window's partial days, and in its whole days the
     * disputes still open or closed since the watermark (their status may still change).
     */
    List<Count> opened(Rolled rolled, DisputeReason reason) {
        List<Count> counts = new ArrayList<>(rolled.of("OPENED").stream()
                .map(r -> new Count(r.reason(), r.firstKey(), r.secondKey(), r.amount())).toList());
        String select = "select reason, status, currency from dispute where ";
        String ofReason = ofReason(reason, "reason");
        counts.addAll(jdbc.sql("select reason, status, currency, count(*) n from ("
                        + select + "opened_at >= :from and opened_at < :fi" + ofReason
                        + " union all " + select + "opened_at >= :ei and opened_at < :to" + ofReason
                        + " union all " + select + "closed_at is null and opened_at >= :fi and opened_at < :ei"
                        + ofReason
                        + " union all " + select + "closed_at >= :w and opened_at >= :fi and opened_at < :ei"
                        + ofReason
                        + ") x group by reason, status, currency")
                .params(rolled.coverage().params(reason))
                .query((rs, row) -> new Count(rs.getString("reason"), rs.getString("status"), rs.getString("currency"),
                        rs.getLong("n")))
                .list());
        return counts;
    }

    record Ending(String outcome, String settledBy, long count) {
    }

    /** The rollup's whole days up to the watermark, the rest of the window from the rows. */
    List<Ending> closed(Rolled rolled, DisputeReason reason) {
        List<Ending> endings = new ArrayList<>(rolled.of("CLOSED").stream()
                .map(r -> new Ending(r.firstKey().isEmpty() ? null : r.firstKey(),
                        r.secondKey().isEmpty() ? null : r.secondKey(), r.amount()))
                .toList());
        String select = "select outcome_type, outcome_settled_by from dispute where ";
        endings.addAll(jdbc.sql("select outcome_type, outcome_settled_by, count(*) n from ("
                        + select + "closed_at >= :from and closed_at < :fi" + ofReason(reason, "reason")
                        + " union all " + select + "closed_at >= :cov and closed_at < :to" + ofReason(reason, "reason")
                        + ") x group by outcome_type, outcome_settled_by")
                .params(rolled.coverage().params(reason))
                .query((rs, row) -> new Ending(rs.getString("outcome_type"), rs.getString("outcome_settled_by"),
                        rs.getLong("n")))
                .list());
        return endings;
    }

    /**
     * What the ledger moved out of escrow for orders that had a dispute (of the reason): a refund or release
     * journal's debits are the amount it moved (its credit is the escrow's). The rollup's whole days up to the
     * watermark; in them, the journals of orders first disputed (of the reason) since the watermark, which the rollup
     * could not count yet; the rest of the window from the rows.
     */
    List<DisputeMetrics.Money> money(Rolled rolled, DisputeReason reason) {
        Map<String, long[]> byCurrency = new TreeMap<>();
        for (RolledRow row : rolled.of("REFUND", "RELEASE")) {
            byCurrency.computeIfAbsent(row.firstKey(), c -> new long[2])[row.figure().equals("REFUND") ? 0 : 1]
                    += row.amount();
        }
        Coverage coverage = rolled.coverage();
        jdbc.sql("select figure, first_key, sum(amount) moved from ("
                        + disputedJournals(reason, "from", "fi", null) + " union all "
                        + disputedJournals(reason, "cov", "to", null) + " union all "
                        + newlyDisputedJournals(reason, "fi", "cov", "w", null)
                        + ") x group by figure, first_key")
                .params(coverage.params(reason))
                .query(rs -> {
                    long[] amounts = byCurrency.computeIfAbsent(rs.getString("first_key"), c -> new long[2]);
                    amounts[rs.getString("figure").equals("REFUND") ? 0 : 1] += rs.getLong("moved");
                });
        return byCurrency.entrySet().stream().map(e -> new DisputeMetrics.Money(e.getKey(),
                Currency.getInstance(e.getKey()).getDefaultFractionDigits(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    /** The UTC day (days since 1970-01-01) of a timestamp column, the same on H2 and PostgreSQL. */
    static String day(String column) {
        return units(column, DAY);
    }

    /** Whole {@code unit}s of seconds since the epoch of a timestamp column, the same on H2 and PostgreSQL. */
    static String units(String column, long unit) {
        return "cast(floor(extract(epoch from " + column + ") / " + unit + ") as bigint)";
    }

    /** The rollup's reason of the money figures: the reason's name, or {@code *} for all disputes. */
    static String moneyKey(DisputeReason reason) {
        return reason == null ? "*" : reason.name();
    }

    /**
     * Refund and release journals booked from parameter {@code from} to {@code to} for orders with a dispute (of
     * {@code :reason}), opened before parameter {@code openedBefore} unless null: {@code figure} (the kind), {@code
     * day}, {@code first_key} (the currency) and each moved {@code amount}.
     */
    static String disputedJournals(DisputeReason reason, String from, String to, String openedBefore) {
        return journals(from, to) + " and exists (select 1 from dispute d where d.order_id = j.order_id"
                + ofReason(reason, "d.reason") + (openedBefore == null ? "" : " and d.opened_at < :" + openedBefore)
                + ")";
    }

    /**
     * As {@link #disputedJournals}, for orders whose first dispute (of {@code :reason}) was opened at parameter {@code
     * since} or later (before {@code until} unless null), found from those disputes.
     */
    static String newlyDisputedJournals(DisputeReason reason, String from, String to, String since, String until) {
        return journals(from, to) + " and j.order_id in (select d.order_id from dispute d where d.opened_at >= :"
                + since + (until == null ? "" : " and d.opened_at < :" + until) + ofReason(reason, "d.reason")
                + " and not exists (select 1 from dispute p where p.order_id = d.order_id"
                + ofReason(reason, "p.reason") + " and p.opened_at < :" + since + "))";
    }

    private static String journals(String from, String to) {
        return "select j.kind figure, " + day("j.created_at") + " day_number, j.currency first_key, e.amount amount"
                + " from ledger_journal j join ledger_entry e on e.journal_id = j.id"
                + " where j.kind in ('REFUND', 'RELEASE') and j.created_at >= :" + from + " and j.created_at < :" + to
                + " and e.amount > 0";
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

    record HourCount(long hour, String reason, long count) {
    }

    /**
     * Disputes opened ({@code column} opened_at) or closed (closed_at) per hour of the window, by reason. Hours are
     * counted from the epoch shifted by {@code shiftSeconds}, so that a zone whose offset is not whole hours gets
     * hours that begin at its midnights. Unshifted, the whole hours before the watermark are {@link InsightRollup}'s
     * hourly rollup (read with the watermark in one statement), the rest of the window the rows'.
     */
    List<HourCount> perHour(String column, MetricsWindow window, DisputeReason reason, int shiftSeconds) {
        if (!column.equals("opened_at") && !column.equals("closed_at")) {
            throw new IllegalArgumentException(column);
        }
        List<HourCount> counts = new ArrayList<>();
        Coverage hours = new Coverage(window.from(), window.to(), window.from(), window.from(), window.from(), null);
        if (shiftSeconds == 0) {
            Coverage whole = Coverage.of(window, Instant.EPOCH, HOUR);
            Instant[] watermark = new Instant[1];
            jdbc.sql("select s.watermark, h.hour_number, h.reason, h.disputes from insight_rollup_state s"
                            + " left join insight_hourly_rollup h on h.figure = :figure"
                            + " and h.hour_number >= :first and h.hour_number < :end" + ofReason(reason, "h.reason")
                            + " where s.id = 1")
                    .param("figure", column.equals("opened_at") ? "OPENED" : "CLOSED")
                    .param("first", whole.wholeFrom().getEpochSecond() / HOUR)
                    .param("end", whole.wholeTo().getEpochSecond() / HOUR)
                    .params(reason == null ? Map.of() : Map.of("reason", reason.name()))
                    .query(rs -> {
                        watermark[0] = SqlTime.instant(rs, "watermark");
                        if (rs.getString("reason") != null) {
                            counts.add(new HourCount(rs.getLong("hour_number"), rs.getString("reason"),
                                    rs.getLong("disputes")));
                        }
                    });
            hours = Coverage.of(window, watermark[0], HOUR);
            if (hours.watermark() == null) {
                counts.clear();
            }
        }
        String select = "select floor((extract(epoch from " + column + ") + :shift) / 3600) h, reason from dispute where "
                + column + " >= :%s and " + column + " < :%s" + ofReason(reason, "reason");
        counts.addAll(jdbc.sql("select h, reason, count(*) n from (" + select.formatted("from", "fi") + " union all "
                        + select.formatted("cov", "to") + ") hours group by h, reason")
                .params(hours.params(reason)).param("shift", shiftSeconds)
                .query((rs, row) -> new HourCount(rs.getLong("h"), rs.getString("reason"), rs.getLong("n")))
                .list());
        return counts;
    }

    static final long HOUR = 3_600;

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
