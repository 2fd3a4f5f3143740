package io.arbiter.insight;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeReason;

/**
 * Exact nearest-rank percentiles (p50, p90) of a window's durations without reading every one of them (V28). The
 * rollup counts, per UTC day, the durations in each of fixed log-spaced buckets; the window's whole days up to the
 * watermark are summed from those counts, the rest of the window (its partial days, and since the watermark) is read
 * from the rows. The counts say which bucket holds the rank and the rank within it; then only a slice of that
 * bucket's durations is read, in order, by the duration's index.
 */
@Component
class DurationPercentiles {

    /** A duration the rollup counts: {@code seconds} of a dispute settled at {@code time}, per {@code party} or not. */
    enum Figure {
        RESOLVED("closed_at", "resolution_seconds", null, ""),
        REVIEWED("outcome_settled_at", "review_seconds", "outcome_decided_by", "outcome_settled_by = 'AGENT_DECISION' and ");

        final String time;
        final String seconds;
        final String party;
        final String condition;

        Figure(String time, String seconds, String party, String condition) {
            this.time = time;
            this.seconds = seconds;
            this.party = party;
            this.condition = condition;
        }

        /** The rollup's rows of this figure for the disputes settled from {@code :w0} to {@code :w1}. */
        String rollupDeltas() {
            String select = "select '" + name() + "' figure, " + InsightQueries.day(time) + " day_number, %s reason, "
                    + (party == null ? "cast('' as varchar(100))" : party) + " party, " + bucketOf(seconds)
                    + " bucket from dispute d where " + condition + time + " >= :w0 and " + time + " < :w1";
            return "select figure, day_number, reason, party, bucket, count(*) disputes from ("
                    + select.formatted("reason") + " union all " + select.formatted("cast('*' as varchar(40))")
                    + ") x group by figure, day_number, reason, party, bucket";
        }
    }

    /** The bucket of a duration in seconds: the one with the highest lower bound not above it (the first below 0). */
    static String bucketOf(String seconds) {
        return "coalesce((select max(b.bucket) from insight_duration_bucket b where b.lower_seconds <= " + seconds
                + "), 0)";
    }

    /** {@code party} is null for a figure counted over all disputes. */
    record Percentiles(String party, long count, Long p50Seconds, Long p90Seconds) {
    }

    /**
     * Up to this many durations in the rollup's part of a window, the window's durations are all read at once
     * (tests lower it to walk the buckets' slices with few disputes).
     */
    volatile long readAllUpTo = 10_000;

    private final JdbcClient jdbc;
    /** Each bucket's lower bound, in order (the bucket's number is its index); fixed by V28. */
    private volatile long[] lowers;

    DurationPercentiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per party in order (one, null, for RESOLVED); a party appears only with durations in the window. */
    List<Percentiles> of(Figure figure, MetricsWindow window, DisputeReason reason) {
        InsightQueries.Coverage days = InsightQueries.Coverage.of(window, Instant.EPOCH);
        Map<String, Map<Integer, Long>> rolledCounts = new HashMap<>();
        Instant[] watermark = new Instant[1];
        jdbc.sql("select s.watermark, h.party, h.bucket, sum(h.disputes) n from insight_rollup_state s"
                        + " left join insight_duration_rollup h on h.figure = :figure and h.reason = :key"
                        + " and h.day_number >= :first and h.day_number < :end"
                        + " where s.id = 1 group by s.watermark, h.party, h.bucket")
                .param("figure", figure.name()).param("key", InsightQueries.moneyKey(reason))
                .param("first", days.firstDay()).param("end", days.endDay())
                .query(rs -> {
                    watermark[0] = io.arbiter.common.SqlTime.instant(rs, "watermark");
                    if (rs.getString("party") != null) {
                        rolledCounts.computeIfAbsent(rs.getString("party"), p -> new HashMap<>())
                                .put(rs.getInt("bucket"), rs.getLong("n"));
                    }
                });
        InsightQueries.Coverage coverage = InsightQueries.Coverage.of(window, watermark[0]);
        if (coverage.watermark() == null) {
            rolledCounts.clear();
        }
        Map<String, Object> params = coverage.params(reason);
        String party = figure.party == null ? "''" : figure.party;
        String rows = "select " + party + " party, " + figure.seconds + " seconds from dispute where "
                + figure.condition + figure.time + " >= :%s and " + figure.time + " < :%s"
                + InsightQueries.ofReason(reason, "reason");
        Map<String, List<Long>> unrolled = new HashMap<>();
        // Few durations: reading them all in one range is cheaper than a slice per party and rank, each of which
        // walks its bucket over all time (an agent's decisions of a month, say).
        boolean few = rolledCounts.values().stream().flatMap(counts -> counts.values().stream())
                .mapToLong(Long::longValue).sum() <= readAllUpTo;
        String read = few ? rows.formatted("from", "to")
                : rows.formatted("from", "fi") + " union all " + rows.formatted("cov", "to");
        jdbc.sql(read).params(params)
                .query(rs -> {
                    unrolled.computeIfAbsent(rs.getString("party"), p -> new ArrayList<>()).add(rs.getLong("seconds"));
                });
        if (few) {
            return ranked(figure, unrolled);
        }

        long[] lowers = lowers();
        Map<String, Ranked> ranked = new TreeMap<>();
        List<Pick> picks = new ArrayList<>();
        for (String each : union(rolledCounts.keySet(), unrolled.keySet())) {
            Ranked party1 = new Ranked(rolledCounts.getOrDefault(each, Map.of()),
                    unrolled.getOrDefault(each, List.of()), lowers);
            ranked.put(each, party1);
            for (long rank : party1.ranks()) {
                picks.add(party1.pick(each, rank, figure, lowers));
            }
        }
        Map<Pick, Long> picked = read(figure, picks, params, reason);
        List<Percentiles> result = new ArrayList<>();
        ranked.forEach((each, r) -> {
            long[] ranks = r.ranks();
            result.add(new Percentiles(figure.party == null ? null : each, r.count,
                    ranks.length == 0 ? null : picked.get(r.pick(each, ranks[0], figure, lowers)),
                    ranks.length == 0 ? null : picked.get(r.pick(each, ranks[1], figure, lowers))));
        });
        if (figure.party == null && result.isEmpty()) {
            result.add(new Percentiles(null, 0, null, null));
        }
        return result;
    }

    /** The nearest ranks of each party's durations, all of them read. */
    private static List<Percentiles> ranked(Figure figure, Map<String, List<Long>> durations) {
        List<Percentiles> result = new ArrayList<>();
        new TreeMap<>(durations).forEach((party, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            long count = sorted.size();
            result.add(new Percentiles(figure.party == null ? null : party, count,
                    sorted.get((int) ((count + 1) / 2) - 1), sorted.get((int) ((9 * count + 9) / 10) - 1)));
        });
        if (figure.party == null && result.isEmpty()) {
            result.add(new Percentiles(null, 0, null, null));
        }
        return result;
    }

    /**
     * One party's durations in the window: the rollup's counts per bucket and the rows read. {@code count} is all of
     * them; ranks are 1-based in ascending order.
     */
    private static final class Ranked {

        final TreeMap<Integer, Long> perBucket = new TreeMap<>();
        final Map<Integer, List<Long>> unrolledPerBucket = new HashMap<>();
        final long count;

        Ranked(Map<Integer, Long> rolled, List<Long> unrolled, long[] lowers) {
            perBucket.putAll(rolled);
            for (long seconds : unrolled) {
                int bucket = bucket(seconds, lowers);
                perBucket.merge(bucket, 1L, Long::sum);
                unrolledPerBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(seconds);
            }
            unrolledPerBucket.values().forEach(values -> values.sort(null));
            count = perBucket.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The nearest ranks of p50 and p90, {@code ceil(p * count)} in integers; none when there is no duration. */
        long[] ranks() {
            return count == 0 ? new long[0] : new long[] {(count + 1) / 2, (9 * count + 9) / 10};
        }

        /**
         * Where the rank-th duration is: in a bucket, at a rank among that bucket's durations. The rolled ones are
         * read in order; of them only the slice that can hold it beside the bucket's unrolled ones ({@code m} of
         * them): the rank-th of the union is the rolled one at {@code rank - j} for some {@code j <= m}, or unrolled.
         */
        Pick pick(String party, long rank, Figure figure, long[] lowers) {
            long below = 0;
            for (Map.Entry<Integer, Long> bucket : perBucket.entrySet()) {
                if (below + bucket.getValue() >= rank) {
                    int number = bucket.getKey();
                    long within = rank - below;
                    List<Long> unrolled = unrolledPerBucket.getOrDefault(number, List.of());
                    long skip = Math.max(0, within - unrolled.size() - 1);
                    return new Pick(party, number == 0 ? Long.MIN_VALUE : lowers[number],
                            number + 1 < lowers.length ? lowers[number + 1] : null, skip, within - skip, unrolled);
                }
                below += bucket.getValue();
            }
            throw new IllegalStateException("rank " + rank + " of " + count + " in no bucket of " + figure);
        }
    }

    /**
     * The rolled durations of {@code party} from {@code lower} (to {@code upper}), {@code skip} of them passed
     * over, at most {@code take} read; with the bucket's unrolled durations, the {@code take}-th is the answer.
     */
    private record Pick(String party, long lower, Long upper, long skip, long take, List<Long> unrolled) {
    }

    /** Each pick's answer, read with one statement. */
    private Map<Pick, Long> read(Figure figure, List<Pick> picks, Map<String, Object> windowParams,
                                 DisputeReason reason) {
        List<Pick> distinct = picks.stream().distinct().toList();
        Map<Pick, List<Long>> rolled = new HashMap<>();
        if (!distinct.isEmpty()) {
            Map<String, Object> params = new HashMap<>(windowParams);
            List<String> slices = new ArrayList<>();
            for (int i = 0; i < distinct.size(); i++) {
                Pick pick = distinct.get(i);
                params.put("lo" + i, pick.lower());
                params.put("hi" + i, pick.upper() == null ? Long.MAX_VALUE : pick.upper());
                params.put("p" + i, pick.party());
                slices.add("(select " + i + " pick, " + figure.seconds + " seconds from dispute where "
                        + figure.condition + (figure.party == null ? "" : figure.party + " = :p" + i + " and ")
                        + figure.seconds + " >= :lo" + i + " and " + figure.seconds + " < :hi" + i
                        + " and " + figure.time + " >= :fi and " + figure.time + " < :cov"
                        + InsightQueries.ofReason(reason, "reason")
                        + " order by " + figure.seconds + " limit " + pick.take() + " offset " + pick.skip() + ")");
                rolled.put(pick, new ArrayList<>());
            }
            jdbc.sql(String.join(" union all ", slices)).params(params)
                    .query(rs -> {
                        rolled.get(distinct.get(rs.getInt("pick"))).add(rs.getLong("seconds"));
                    });
        }
        Map<Pick, Long> answers = new HashMap<>();
        for (Pick pick : distinct) {
            List<Long> candidates = rolled.get(pick);
            candidates.addAll(pick.unrolled());
            candidates.sort(null);
            if (candidates.size() < pick.take()) {
                throw new IllegalStateException("the rollup of " + figure + " counts more durations in the bucket from "
                        + pick.lower() + " s than the rows hold");
            }
            answers.put(pick, candidates.get((int) pick.take() - 1));
        }
        return answers;
    }

    static int bucket(long seconds, long[] lowers) {
        int found = Arrays.binarySearch(lowers, seconds);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    private long[] lowers() {
        long[] known = lowers;
        if (known == null) {
            known = jdbc.sql("select lower_seconds from insight_duration_bucket order by bucket").query(Long.class)
                    .list().stream().mapToLong(Long::longValue).toArray();
            lowers = known;
        }
        return known;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
