package db.migration;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Issue 20, Scale: exact percentiles of durations without sorting every duration of a window. The daily rollup
 * (V24) also counts, per UTC day, the durations that fall in each of fixed, log-spaced buckets
 * ({@code insight_duration_rollup}); a request sums the buckets of its window to find the bucket that holds the
 * rank it needs, then reads only that bucket's durations from the disputes, by the durations' own index. The
 * durations are generated columns of {@code dispute} (no statement is added to a dispute's transaction). Java, not
 * SQL, because PostgreSQL wants {@code stored} after a generated column and H2 refuses the word, and because the
 * buckets' bounds are computed. The dashboard's charts get an hourly rollup of disputes opened and closed. The
 * rollup starts again from nothing, so that its days hold the new counts too.
 */
public class V28__insight_durations extends BaseJavaMigration {

    /** Eight buckets per doubling: a bucket is at most 9% wider than its lower bound. */
    private static final int PER_DOUBLING = 8;
    /** Below a minute, one bucket: durations that short are rare and few. */
    private static final long FIRST = 60;
    /** The last bucket's lower bound is past this (317 years); it has no upper bound. */
    private static final long LAST = 10_000_000_000L;

    @Override
    public void migrate(Context context) throws SQLException {
        boolean postgres = context.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
        String stored = postgres ? " stored" : "";
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        // The same seconds as InsightQueries.seconds: the difference of two timestamps with time zone is immutable
        // on PostgreSQL (their epochs are not, so they cannot be a stored column's expression).
        jdbc.sql("alter table dispute add column resolution_seconds bigint generated always as"
                + " (cast(floor(extract(epoch from closed_at - opened_at)) as bigint))" + stored).update();
        jdbc.sql("alter table dispute add column review_seconds bigint generated always as"
                + " (cast(floor(extract(epoch from outcome_settled_at - escalated_at)) as bigint))" + stored).update();
        jdbc.sql("create index insight_dispute_resolution on dispute (resolution_seconds, closed_at, reason)").update();
        jdbc.sql("create index insight_dispute_review_time on dispute (outcome_settled_by, outcome_decided_by,"
                + " review_seconds, outcome_settled_at, reason)").update();

        jdbc.sql("create table insight_duration_bucket (bucket integer primary key, lower_seconds bigint not null)")
                .update();
        jdbc.sql("create unique index insight_duration_bucket_lower on insight_duration_bucket (lower_seconds, bucket)")
                .update();
        List<Long> lowers = new ArrayList<>(List.of(0L));
        for (int i = 0; lowers.get(lowers.size() - 1) <= LAST; i++) {
            long lower = Math.round(FIRST * Math.pow(2, (double) i / PER_DOUBLING));
            if (lower > lowers.get(lowers.size() - 1)) {
                lowers.add(lower);
            }
        }
        for (int bucket = 0; bucket < lowers.size(); bucket++) {
            jdbc.sql("insert into insight_duration_bucket (bucket, lower_seconds) values (?, ?)")
                    .params(bucket, lowers.get(bucket)).update();
        }

        // figure RESOLVED: opened to closed, on the day it closed, party ''; REVIEWED: escalation to an agent's
        // decision, on the day of the decision, party the agent. reason: the dispute's, and '*' for all of them.
        jdbc.sql("""
                create table insight_duration_rollup (
                    figure     varchar(8)   not null,
                    day_number bigint       not null,
                    reason     varchar(40)  not null,
                    party      varchar(100) not null,
                    bucket     integer      not null,
                    disputes   bigint       not null,
                    primary key (figure, reason, day_number, party, bucket)
                )""").update();
        // The dashboard's disputes opened (by opened_at) and closed (by closed_at) per hour since 1970-01-01T00:00Z, so
        // that the days of any zone whose offsets are whole hours are sums of hours.
        jdbc.sql("""
                create table insight_hourly_rollup (
                    figure      varchar(8)  not null,
                    hour_number bigint      not null,
                    reason      varchar(40) not null,
                    disputes    bigint      not null,
                    primary key (figure, hour_number, reason)
                )""").update();
        if (postgres && jdbc.sql("select exists (select 1 from dispute)").query(Boolean.class).single()) {
            // The new columns have no statistics until the next analyze: the planner would not pick their index.
            // Never on an empty table: its statistics would then say "no rows" until autovacuum next analyzes it,
            // and a connection's cached generic plans scan the whole table for one dispute by its key meanwhile.
            jdbc.sql("analyze dispute").update();
        }
        jdbc.sql("delete from insight_rollup").update();
        jdbc.sql("update insight_rollup_state set watermark = null, rolled_at = null").update();
    }
}
