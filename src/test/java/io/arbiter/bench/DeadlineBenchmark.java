package io.arbiter.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.ArbiterApplication;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.Marketplace;
import io.arbiter.support.TestClock;

/**
 * Issues 4 and 14, due times on PostgreSQL, in one of two modes ({@code BENCH_MODE}). {@code burst}: N disputes
 * awaiting the seller whose due times all fall in the same second; prints how long until every one has moved on and
 * the rate in changes per second. {@code steady}: due times falling at {@code BENCH_RATE} per second for
 * {@code BENCH_SECONDS}; prints the lateness of each firing (p50, p99, max). Both print the lateness, the CPU and
 * the database work per change. Run through {@code bench/deadlines}, which makes the database.
 *
 * <p>One dispute is made through the API as a marketplace would; the others are copies of its rows (order, lines,
 * dispute) with a due-time timer each, written in bulk SQL, because seeding is not what is measured. The
 * application's clock is wall time plus an offset: the first due time lies an hour ahead, and moving the clock to it
 * starts the run, so lateness is real elapsed time.
 */
public final class DeadlineBenchmark {

    private static final Duration SELLER_SILENT_UNTIL = Duration.ofHours(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    private static final Duration STATISTICS_SETTLE = Duration.ofSeconds(2);

    private DeadlineBenchmark() {
    }

    /** What a run does: its mode, how many due times, spread over how long, and the engine's settings. */
    private record Settings(String mode, int count, Duration spread, String batchSize, String workers,
                            String pollInterval, String poolSize) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String mode = Bench.env("BENCH_MODE", "burst");
        int count;
        Duration spread;
        if (mode.equals("burst")) {
            count = Integer.parseInt(Bench.env("BENCH_DISPUTES", "100000"));
            spread = Duration.ofSeconds(1);
        } else if (mode.equals("steady")) {
            int rate = Integer.parseInt(Bench.env("BENCH_RATE", "200"));
            int seconds = Integer.parseInt(Bench.env("BENCH_SECONDS", "300"));
            count = rate * seconds;
            spread = Duration.ofSeconds(seconds);
        } else {
            throw new IllegalArgumentException("BENCH_MODE is burst or steady, not " + mode);
        }
        String workers = Bench.env("BENCH_WORKERS", "4");
        Settings settings = new Settings(mode, count, spread, Bench.env("BENCH_BATCH_SIZE", "200"), workers,
                Bench.env("BENCH_POLL_INTERVAL", "100ms"),
                Bench.env("BENCH_POOL", String.valueOf(Integer.parseInt(workers) + 8)));

        ConfigurableApplicationContext context = new SpringApplicationBuilder(ArbiterApplication.class,
                BenchmarkClock.class)
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=" + settings.poolSize(),
                        "--server.port=0",
                        "--arbiter.demo.enabled=false",
                        "--arbiter.outbound.dispatcher-enabled=false",
                        "--arbiter.settlement.resender-enabled=false",
                        "--arbiter.evidence.storage.directory=target/bench-evidence",
                        "--arbiter.deadline.batch-size=" + settings.batchSize(),
                        "--arbiter.deadline.workers=" + settings.workers(),
                        "--arbiter.deadline.poll-interval=" + settings.pollInterval(),
                        "--logging.level.root=warn");
        try {
            run(context, settings);
        } finally {
            context.close();
        }
    }

    private static void run(ConfigurableApplicationContext context, Settings settings) throws InterruptedException {
        int count = settings.count();
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        OffsetClock clock = context.getBean(OffsetClock.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Marketplace marketplace = new Marketplace(port, context.getBean(UserDirectory.class),
                context.getBean(ApiKeys.class), new TestClock(clock.instant()));

        Instant dueSecond = clock.instant().plus(SELLER_SILENT_UNTIL).truncatedTo(ChronoUnit.SECONDS);
        long seedingStarted = System.nanoTime();
        Marketplace.Case template = marketplace.disputeAwaitingSeller(Marketplace.partialRefund(1000));
        seed(jdbc, UUID.fromString(template.id()), template.orderId(), count, dueSecond, settings.spread());
        System.out.printf(Locale.ROOT, "%s: seeded %,d disputes awaiting the seller, due from %s over %s, in %.1f s%n",
                settings.mode(), count, dueSecond, settings.spread(), (System.nanoTime() - seedingStarted) / 1e9);

        DatabaseWork before = DatabaseWork.read(jdbc);
        CpuTime cpuBefore = CpuTime.read();
        long moved = System.nanoTime();
        // A burst starts when its second is over; a steady run as its first due time comes.
        Instant start = settings.mode().equals("burst") ? dueSecond.plusSeconds(1) : dueSecond;
        clock.moveTo(start);
        int waiting = count;
        // Without autovacuum the tables that start empty (payout instructions, ledger entries) keep the statistics of
        // the analyze after seeding, and the planner reads them whole for the rest of the run.
        boolean analyzeByHand = "off".equals(jdbc.sql("show autovacuum").query(String.class).single());
        if (analyzeByHand) {
            System.out.println("  autovacuum is off on this server: the tables are analyzed every "
                    + PROGRESS_EVERY.toSeconds() + " s, as autovacuum's analyze would");
        }
        long reported = moved;
        int waitingWhenReported = count;
        int polls = 0;
        while (waiting > 0) {
            // Each poll scans the dispute table: seldom, so that the database's time goes to the firings.
            Thread.sleep(POLL_EVERY.toMillis());
            polls++;
            waiting = jdbc.sql("select count(*) from dispute where status = 'AWAITING_SELLER' and id <> :template")
                    .param("template", UUID.fromString(template.id())).query(Integer.class).single();
            long now = System.nanoTime();
            if (now - reported >= PROGRESS_EVERY.toNanos()) {
                // The rate over the last interval shows the steady state once the JIT has warmed up.
                System.out.printf(Locale.ROOT, "  %5.0f s: %,d moved on, %.0f per second over the last %d s%n",
                        (now - moved) / 1e9, count - waiting, (waitingWhenReported - waiting) / ((now - reported) / 1e9),
                        PROGRESS_EVERY.toSeconds());
                reported = now;
                waitingWhenReported = waiting;
                if (analyzeByHand) {
                    jdbc.sql("analyze").update();
                }
            }
        }
        CpuTime cpu = CpuTime.read().minus(cpuBefore);
        Thread.sleep(STATISTICS_SETTLE.toMillis());
        // Each poll above is one transaction and one scan of the dispute table: not the firings' work.
        DatabaseWork work = DatabaseWork.read(jdbc).minus(before).minus(new DatabaseWork(polls, 0, 0, polls));
        // From the clock's move to the last firing's timeline entry (the application clock runs with wall time).
        double seconds = jdbc.sql("""
                        select extract(epoch from (max(t.at) - :moved)) from dispute_event t
                        where t.type = 'DUE_TIME_PASSED' and t.dispute_id <> :template""")
                .param("moved", OffsetDateTime.ofInstant(start, ZoneOffset.UTC))
                .param("template", UUID.fromString(template.id())).query(Double.class).single();

        // Lateness: when the DUE_TIME_PASSED entry was written (application clock, which runs with wall time)
        // minus the due time it is about.
        List<Double> lateness = jdbc.sql("""
                        select extract(epoch from (t.at - d.enforced_due_at)) from dispute_event t
                        join dispute d on d.id = t.dispute_id
                        where t.type = 'DUE_TIME_PASSED' and d.id <> :template
                        order by 1""")
                .param("template", UUID.fromString(template.id())).query(Double.class).list();
        int resolved = jdbc.sql("select count(*) from dispute where status = 'RESOLVED' and id <> :template")
                .param("template", UUID.fromString(template.id())).query(Integer.class).single();

        System.out.printf(Locale.ROOT, "settings: arbiter.deadline.batch-size=%s workers=%s poll-interval=%s"
                        + " hikari pool=%s cores=%d%n", settings.batchSize(), settings.workers(),
                settings.pollInterval(), settings.poolSize(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "all %,d moved on after %.2f s (%,d resolved, %,d due-time entries)%n",
                count, seconds, resolved, lateness.size());
        System.out.printf(Locale.ROOT, "rate: %.0f state changes per second%s%n", count / seconds,
                settings.mode().equals("steady") ? String.format(Locale.ROOT, " (%.0f falling due per second)",
                        count / (double) settings.spread().toSeconds()) : "");
        System.out.printf(Locale.ROOT, "lateness: p50 %.2f s, p99 %.2f s, max %.2f s%n",
                Bench.percentile(lateness, 0.50), Bench.percentile(lateness, 0.99), Bench.percentile(lateness, 1.0));
        System.out.printf(Locale.ROOT, "CPU per state change: application %.1f ms, PostgreSQL %s (cores busy: %.2f +"
                        + " %s of %d)%n", cpu.applicationNanos() / 1e6 / count,
                cpu.databaseNanos() < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f ms",
                        cpu.databaseNanos() / 1e6 / count),
                cpu.applicationNanos() / 1e9 / cpu.wallSeconds(),
                cpu.databaseNanos() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", cpu.databaseNanos() / 1e9
                        / cpu.wallSeconds()), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "database work per state change (firing, notifications, webhooks included):"
                        + " %.1f transactions, %.1f rows written, %.1f rows read by index, %.1f table scans%n",
                work.commits() / (double) count, work.rowsWritten() / (double) count,
                work.indexReads() / (double) count, work.tableScans() / (double) count);
    }

    /**
     * PostgreSQL's own counters for this database: what the firings cost it, whatever code ran them. The counters
     * are sent by each connection about once a second, hence the pause before the last reading.
     */
    private record DatabaseWork(long commits, long rowsWritten, long indexReads, long tableScans) {

        static DatabaseWork read(JdbcClient jdbc) {
            jdbc.sql("select pg_stat_clear_snapshot()").query(Object.class).list();
            long commits = jdbc.sql("select xact_commit from pg_stat_database where datname = current_database()")
                    .query(Long.class).single();
            return jdbc.sql("""
                            select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0),
                                   coalesce(sum(idx_tup_fetch), 0), coalesce(sum(seq_scan), 0)
                            from pg_stat_user_tables""")
                    .query((rs, row) -> new DatabaseWork(commits, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                    .single();
        }

        DatabaseWork minus(DatabaseWork earlier) {
            return new DatabaseWork(commits - earlier.commits, rowsWritten - earlier.rowsWritten,
                    indexReads - earlier.indexReads, tableScans - earlier.tableScans);
        }
    }

    /**
     * Copies the template's order and dispute {@code count} times, due one after another from {@code firstDue} over
     * {@code spread}, each with the timer the engine would have scheduled for it (a row of dispute_timer).
     */
    private static void seed(JdbcClient jdbc, UUID template, String orderId, int count, Instant firstDue,
                             Duration spread) {
        jdbc.sql("""
                create temporary table copy_number as
                select i, md5(:template || i)::uuid as dispute_id, :order || '-' || i as order_id,
                       date_trunc('milliseconds', :due::timestamptz
                           + (i - 1) * (:spreadMillis * interval '1 millisecond') / :count) as due_at
                from generate_series(1, :count) i""")
                .param("template", template.toString()).param("order", orderId)
                .param("due", firstDue.toString()).param("spreadMillis", spread.toMillis()).param("count", count)
                .update();
        copy(jdbc, "marketplace_order", "id", orderId,
                "id = c.order_id, escrow_open_dispute_id = c.dispute_id");
        copy(jdbc, "order_line", "order_id", orderId, "order_id = c.order_id");
        copy(jdbc, "tracking_event", "order_id", orderId, "order_id = c.order_id");
        copy(jdbc, "ledger_journal", "order_id", orderId, "id = md5(t.id || '/' || c.i)::uuid, order_id = c.order_id,"
                + " source_key = replace(replace(t.source_key, '" + orderId + "', c.order_id), '" + template
                + "', c.dispute_id::text)");
        copy(jdbc, "ledger_entry", "journal_id", "(select id from ledger_journal where order_id = :key)", orderId,
                "id = nextval(pg_get_serial_sequence('ledger_entry', 'id')), journal_id = md5(t.journal_id || '/' || c.i)::uuid,"
                + " account = replace(t.account, '" + orderId + "', c.order_id)");
        copy(jdbc, "dispute", "id", template.toString(),
                "id = c.dispute_id, order_id = c.order_id, claim_id = md5('claim' || c.dispute_id)::uuid,"
                        + " due_at = c.due_at");
        // The timer's name as the engine writes it (Timers.DueTimer): the due time as Instant.toString() puts it.
        jdbc.sql("""
                insert into dispute_timer (name, dispute_id, due_time, due_at, fire_at)
                select c.dispute_id || '/CURRENT/' || c.due_text, c.dispute_id, 'CURRENT', c.due_at, c.due_at
                from (select dispute_id, due_at,
                             to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                             || case when extract(milliseconds from due_at)::int % 1000 = 0 then ''
                                     else '.' || lpad((extract(milliseconds from due_at)::int % 1000)::text, 3, '0')
                                end || 'Z' as due_text
                      from copy_number) c""")
                .update();
        jdbc.sql("drop table copy_number").update();
        jdbc.sql("analyze").update();
    }

    /** Inserts one copy of the table's template rows (those of the key) per copy number, with the given columns replaced. */
    private static void copy(JdbcClient jdbc, String table, String keyColumn, String templateKey, String changes) {
        copy(jdbc, table, keyColumn, ":key", templateKey, changes);
    }

    private static void copy(JdbcClient jdbc, String table, String keyColumn, String keys, String templateKey,
                             String changes) {
        jdbc.sql("create temporary table copied as select t.* from " + table + " t where 1 = 0").update();
        jdbc.sql("alter table copied add column copy_i int").update();
        jdbc.sql("insert into copied select t.*, c.i from " + table + " t cross join copy_number c where cast(t."
                + keyColumn + " as text) in (select cast(k as text) from (select " + keys + " as k) keys)").param("key", templateKey).update();
        jdbc.sql("update copied t set " + changes + " from copy_number c where c.i = t.copy_i")
                .update();
        jdbc.sql("alter table copied drop column copy_i").update();
        jdbc.sql("insert into " + table + " select * from copied").update();
        jdbc.sql("drop table copied").update();
    }

    /** Wall time plus an offset the benchmark moves, so that a due time an hour ahead passes now. */
    static final class OffsetClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void moveTo(Instant instant) {
            offset.set(Duration.between(Instant.now(), instant));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class BenchmarkClock {

        @Bean
        @Primary
        OffsetClock benchmarkClock() {
            return new OffsetClock();
        }
    }
}
