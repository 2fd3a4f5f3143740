package io.arbiter.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.identity.Actor;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.Role;
import io.arbiter.insight.InsightDashboard;
import io.arbiter.insight.InsightRollup;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.Api;
import io.arbiter.support.Marketplace;
import io.arbiter.support.TestClock;

/**
 * Issue 20, Scale: BENCH_DISPUTES (default 1,000,000) disputes opened over the last two years, seeded by SQL
 * (generate_series, not the API) with their orders, the ledger's refunds and releases of the closed ones, the
 * sellers' first answers and the due times that passed; then the time each metrics endpoint takes to answer, over
 * HTTP as the integration (BENCH_REPEAT times each, default 30, after 5 unmeasured).
 */
public final class InsightBenchmark {

    private InsightBenchmark() {
    }

    public static void main(String[] args) {
        String url = args[0];
        int count = Integer.parseInt(Bench.env("BENCH_DISPUTES", "1000000"));
        int repeat = Integer.parseInt(Bench.env("BENCH_REPEAT", "30"));
        // The rollup is stepped here, after the seeding, not by its poller while the rows go in.
        ConfigurableApplicationContext context = Bench.quietArbiter(url, "--arbiter.insight.rollup-enabled=false");
        try {
            run(context, count, repeat);
        } finally {
            context.close();
        }
    }

    private static void run(ConfigurableApplicationContext context, int count, int repeat) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // now is the seeding's; Arbiter's clock is the system's, a few minutes later: the rollup reaches its lag.
        Marketplace marketplace = new Marketplace(port, context.getBean(UserDirectory.class),
                context.getBean(ApiKeys.class), new TestClock(now));
        Api integration = marketplace.integration();
        Api adminApi = marketplace.admin().api();

        long started = System.nanoTime();
        if (Boolean.parseBoolean(Bench.env("BENCH_SEEDED", "false"))) {
            now = jdbc.sql("select max(opened_at) from dispute").query(java.time.OffsetDateTime.class).single()
                    .toInstant().plusSeconds(1);
            System.out.println("seeded before; now taken as " + now);
        } else {
            seed(jdbc, count, now);
            System.out.printf(Locale.ROOT, "seeded %,d disputes over 730 days in %.1f s%n", count,
                    (System.nanoTime() - started) / 1e9);
        }
        if (Boolean.parseBoolean(Bench.env("BENCH_SEED_ONLY", "false"))) {
            return;
        }
        // The rollup's first run reads every row once, as on a database that had none (V24 on a filled database).
        started = System.nanoTime();
        InsightRollup rollup = context.getBean(InsightRollup.class);
        System.out.printf(Locale.ROOT, "rollup up to %s in %.1f s: %s rows%n", rollup.rollUp().orElse(null),
                (System.nanoTime() - started) / 1e9,
                jdbc.sql("select count(*) from insight_rollup").query(Long.class).single());
        jdbc.sql("select pg_size_pretty(pg_total_relation_size('dispute'))").query(String.class).optional()
                .ifPresent(size -> System.out.println("dispute table with its indexes: " + size));
        System.out.printf(Locale.ROOT, "rows: %s%n", jdbc.sql("""
                select 'dispute ' || (select count(*) from dispute) || ', ledger_journal '
                    || (select count(*) from ledger_journal) || ', ledger_entry ' || (select count(*) from ledger_entry)
                    || ', dispute_event ' || (select count(*) from dispute_event)""").query(String.class).single());

        Instant to = now.plusSeconds(1);
        time("GET /metrics/disputes, 30 days (default)", integration, "/api/v1/metrics/disputes", repeat);
        time("GET /metrics/disputes, 7 days", integration,
                "/api/v1/metrics/disputes?from=" + to.minus(Duration.ofDays(7)) + "&to=" + to, repeat);
        time("GET /metrics/disputes, 366 days", integration,
                "/api/v1/metrics/disputes?from=" + to.minus(Duration.ofDays(366)) + "&to=" + to, repeat);
        time("GET /sellers/{id}/metrics, 366 days", integration,
                "/api/v1/sellers/seller-17/metrics?from=" + to.minus(Duration.ofDays(366)) + "&to=" + to, repeat);
        time("GET /buyers/{id}/metrics, 366 days", integration,
                "/api/v1/buyers/buyer-17/metrics?from=" + to.minus(Duration.ofDays(366)) + "&to=" + to, repeat);
        time("GET /actuator/prometheus (backlog read each 5 s)", adminApi, "/actuator/prometheus", repeat);
        InsightDashboard dashboard = context.getBean(InsightDashboard.class);
        Actor admin = new Actor("bench-admin", Role.ADMIN, "Bench");
        time("/admin/insight figures, 30 days (in the JVM, no HTML)", repeat,
                () -> dashboard.of(admin, null, null, null, ZoneOffset.UTC));
        System.out.println("30-day answer: " + integration.get("/api/v1/metrics/disputes").expect(200).text());
    }

    private static void time(String what, Api api, String path, int repeat) {
        time(what, repeat, () -> api.get(path).expect(200));
    }

    private static void time(String what, int repeat, Runnable request) {
        for (int i = 0; i < 5; i++) {
            request.run();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            request.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        millis.sort(null);
        System.out.printf(Locale.ROOT, "%-52s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms  (n=%d)%n", what,
                Bench.percentile(millis, 0.5), Bench.percentile(millis, 0.9), millis.get(millis.size() - 1), repeat);
    }

    /**
     * Disputes i = 1..count, opened evenly over the 730 days before {@code now}: 10,000 sellers, 200,000 buyers, eight
     * reasons, three currencies. Those opened more than 20 days ago are closed (nine in ten resolved, with a refund
     * and a release in the ledger, one in ten withdrawn); the newer ones wait on the seller, the buyer or an agent.
     * Seven in ten get a seller's answer in the timeline; one in ten a due time that passed.
     */
    private static void seed(JdbcClient jdbc, int count, Instant now) {
        jdbc.sql("""
                create temporary table seed as
                select i, md5('dispute' || i)::uuid id, 'ORD-B-' || i order_id, 'buyer-' || (i % 200000) buyer_id,
                       'seller-' || (i % 10000) seller_id,
                       (array['EUR', 'EUR', 'EUR', 'USD', 'GBP'])[1 + i % 5] currency,
                       (array['NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'WRONG_SIZE', 'WRONG_ITEM', 'QUALITY_ISSUE',
                              'DEFECTIVE', 'PACKAGING_DAMAGED', 'HELD_BY_CUSTOMS'])[1 + i % 8] reason,
                       cast(:now as timestamptz) - (i * (730 * 86400.0 / :count)) * interval '1 second' opened_at,
                       1000 + (i % 50) * 100 amount
                from generate_series(1, :count) i""")
                .param("now", now.toString()).param("count", count).update();
        jdbc.sql("alter table seed add column closed boolean").update();
        jdbc.sql("update seed set closed = opened_at < cast(:now as timestamptz) - interval '20 days'")
                .param("now", now.toString()).update();
        jdbc.sql("""
                insert into marketplace_order (id, version, buyer_id, seller_id, currency, total_amount, paid_amount,
                    placed_at, escrow_status, escrow_held, escrow_refunded, escrow_released, escrow_disputed,
                    imported_at, updated_at)
                select order_id, 0, buyer_id, seller_id, currency, amount, amount, opened_at - interval '9 days',
                       case when closed then 'SETTLED' else 'HELD' end,
                       case when closed then 0 else amount end,
                       case when closed and i % 10 <> 0 then amount / 2 else 0 end,
                       case when closed then amount - (case when i % 10 <> 0 then amount / 2 else 0 end) else 0 end,
                       true, opened_at - interval '9 days', opened_at
                from seed""").update();
        jdbc.sql("""
                insert into dispute (id, version, order_id, buyer_id, seller_id, currency, held_amount, pieces_ordered,
                    reason, description, pieces_affected, claim_id, claim_made_by, claim_type, claim_amount,
                    claim_made_at, status, awaiting, due_at, opened_at, closed_at, negotiation_failed, contested,
                    escalated_at, assigned_agent_id, review_due_at, outcome_type, outcome_amount, outcome_settled_by,
                    outcome_decided_by, outcome_settled_at, outcome_refund_to_buyer, outcome_release_to_seller, policy_version)
                select id, 1, order_id, buyer_id, seller_id, currency, amount, 1, reason, 'seeded', 1,
                       md5('claim' || i)::uuid, 'BUYER', 'PARTIAL_REFUND', amount / 2, opened_at,
                       case when closed and i % 10 = 0 then 'WITHDRAWN' when closed then 'RESOLVED'
                            when i % 3 = 0 then 'UNDER_REVIEW' when i % 3 = 1 then 'AWAITING_SELLER'
                            else 'AWAITING_BUYER' end,
                       case when closed then 'NOBODY' when i % 3 = 0 then 'AGENT' when i % 3 = 1 then 'SELLER'
                            else 'BUYER' end,
                       case when closed then null else opened_at + interval '5 days' end,
                       opened_at,
                       case when closed then opened_at + (1 + i % 240) * interval '1 hour' end,
                       false, false,
                       case when i % 3 = 0 then opened_at + interval '5 days' end,
                       case when i % 3 = 0 and i % 2 = 0 then 'agent-' || (i % 20) end,
                       case when i % 3 = 0 then opened_at + interval '7 days' end,
                       case when closed and i % 10 <> 0 then 'PARTIAL_REFUND' end,
                       case when closed and i % 10 <> 0 then amount / 2 end,
                       case when closed and i % 10 = 0 then 'WITHDRAWAL' when closed and i % 3 = 0 then 'AGENT_DECISION'
                            when closed then 'AGREEMENT' end,
                       case when closed and i % 3 = 0 and i % 10 <> 0 then 'agent-' || (i % 20) end,
                       case when closed then opened_at + (1 + i % 240) * interval '1 hour' end,
                       case when closed and i % 10 <> 0 then amount / 2 when closed then 0 end,
                       case when closed and i % 10 <> 0 then amount - amount / 2 when closed then amount end,
                       coalesce((select max(version) from policy_version), 'arbiter-default-1')
                from seed""").update();
        // A closed dispute's refund (unless withdrawn) and release, each a journal of two entries.
        jdbc.sql("""
                create temporary table moved as
                select md5(kind || s.i)::uuid journal_id, kind, s.order_id, s.buyer_id, s.seller_id, s.currency,
                       case when kind = 'REFUND' then s.amount / 2
                            when s.i % 10 = 0 then s.amount else s.amount - s.amount / 2 end amount,
                       s.opened_at + (1 + s.i % 240) * interval '1 hour' moved_at
                from seed s cross join (values ('REFUND'), ('RELEASE')) k(kind)
                where s.closed and (kind = 'RELEASE' or s.i % 10 <> 0)""").update();
        jdbc.sql("""
                insert into ledger_journal (id, kind, order_id, currency, source_key, memo, created_at)
                select journal_id, kind, order_id, currency, 'seed:' || journal_id, 'seeded', moved_at from moved""").update();
        jdbc.sql("""
                insert into ledger_entry (journal_id, account, currency, amount, created_at)
                select journal_id, 'order:' || order_id || ':escrow', currency, -amount, moved_at from moved
                union all
                select journal_id, case when kind = 'REFUND' then 'buyer:' || buyer_id || ':refunds'
                                        else 'seller:' || seller_id || ':payouts' end, currency, amount, moved_at from moved""")
                .update();
        jdbc.sql("""
                insert into dispute_event (dispute_id, seq, at, type, actor_id, actor_role, visibility, summary,
                                           canonical, previous_hash, entry_hash)
                select id, 1, opened_at + (1 + i % 72) * interval '1 hour', 'OFFER_MADE', seller_id, 'SELLER',
                       'EVERYONE', 'The seller offered', '{}', repeat('0', 64), repeat('0', 64)
                from seed where i % 10 < 7
                union all
                select id, 1, opened_at + interval '5 days', 'DUE_TIME_PASSED', 'arbiter', 'SYSTEM',
                       'EVERYONE', 'The seller did not act',
                       '{"event":{"disputeId":"' || id || '","dueTime":"CURRENT","outcome":"ESCALATE","party":"'
                           || case when i % 2 = 0 then 'SELLER' else 'BUYER' end || '"}}',
                       repeat('0', 64), repeat('0', 64)
                from seed where i % 10 = 7""").update();
        jdbc.sql("drop table moved").update();
        jdbc.sql("drop table seed").update();
        jdbc.sql("vacuum analyze").update();
    }
}
