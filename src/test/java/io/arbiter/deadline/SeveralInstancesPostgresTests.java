package io.arbiter.deadline;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.arbiter.ArbiterApplication;
import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;
import io.arbiter.support.TestClock;

/**
 * Two Arbiter instances with their own pollers (two workers each) on one PostgreSQL database, sharing one test
 * clock: hundreds of due times falling in the same instant are each run exactly once, some by one instance and some
 * by the other, in batches that claim timers past each other's.
 * Each instance notes the due times it passed (once its transaction committed), so a due time run by both, or by
 * neither, shows up besides what the database holds.
 */
@PostgresTest
class SeveralInstancesPostgresTests {

    private static final int DISPUTES = 300;
    private static final Duration SELLER_RESPONSE = Duration.ofDays(5);
    private static final long REFUND = 2000;
    private static final long PRICE = 5000;

    private final TestClock clock = new TestClock(ApiTest.START);
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstancesPassEveryDueTimeExactlyOnce() throws IOException {
        String database = PostgresDatabase.create();
        Instance a = start("instance-a", database);
        Instance b = start("instance-b", database);

        Marketplace marketplace = new Marketplace(a.port(), a.context().getBean(UserDirectory.class),
                a.context().getBean(ApiKeys.class), clock);
        Set<UUID> opened = new HashSet<>();
        for (int i = 0; i < DISPUTES; i++) {
            opened.add(UUID.fromString(marketplace.disputeAwaitingSeller(partialRefund(REFUND)).id()));
        }
        JdbcClient jdbc = a.context().getBean(JdbcClient.class);
        assertThat(count(jdbc, "select count(*) from dispute where status = 'AWAITING_SELLER'")).isEqualTo(DISPUTES);

        long started = System.nanoTime();
        clock.set(ApiTest.START.plus(SELLER_RESPONSE).plusSeconds(1));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                count(jdbc, "select count(*) from dispute where status = 'RESOLVED'") == DISPUTES
                        && count(jdbc, "select count(*) from dispute_timer where fire_at <= :now",
                        Map.of("now", SqlTime.of(clock.instant()))) == 0);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<UUID, Long> passed = perDispute(jdbc, "DUE_TIME_PASSED");
        Map<UUID, Long> accepted = perDispute(jdbc, "OFFER_ACCEPTED");
        Map<UUID, Long> closed = perDispute(jdbc, "DISPUTE_CLOSED");
        Map<UUID, Long> reminded = perDispute(jdbc, "DUE_TIME_APPROACHING");
        Set<UUID> byBoth = new HashSet<>(a.passed().keySet());
        byBoth.retainAll(b.passed().keySet());
        long duplicates = passed.values().stream().filter(times -> times > 1).count();
        long misses = opened.stream().filter(id -> !passed.containsKey(id)).count();
        System.out.printf("several instances: %d disputes, %d due times passed in %d ms; instance A %d, instance B %d;"
                        + " %d duplicates, %d misses, %d run by both%n", DISPUTES, passed.size(), took.toMillis(),
                a.passed().size(), b.passed().size(), duplicates, misses, byBoth.size());

        assertThat(passed.keySet()).isEqualTo(opened);
        assertThat(passed.values()).containsOnly(1L);
        assertThat(accepted.keySet()).isEqualTo(opened);
        assertThat(accepted.values()).containsOnly(1L);
        assertThat(closed.keySet()).isEqualTo(opened);
        assertThat(closed.values()).containsOnly(1L);
        // Both reminders (48 and 24 hours before) came due with the due time itself: at most one of each went out.
        assertThat(reminded.values()).allMatch(times -> times <= 2);
        assertThat(count(jdbc, "select count(*) from dispute where awaiting = 'SELLER'")).isZero();
        assertThat(count(jdbc, "select count(*) from dispute where outcome_settled_by = 'DUE_TIME_PASSED'"))
                .isEqualTo(DISPUTES);

        assertThat(a.passed().keySet()).doesNotContainAnyElementsOf(b.passed().keySet());
        Set<UUID> byEither = new HashSet<>(a.passed().keySet());
        byEither.addAll(b.passed().keySet());
        assertThat(byEither).isEqualTo(opened);
        assertThat(a.passed().values()).containsOnly(1);
        assertThat(b.passed().values()).containsOnly(1);
        assertThat(a.passed()).isNotEmpty();
        assertThat(b.passed()).isNotEmpty();

        assertThat(jdbc.sql("""
                        select kind, count(*), count(distinct dispute_id), sum(amount) from payout_instruction
                        group by kind order by kind""")
                .query((rs, row) -> List.of(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list())
                .containsExactly(
                        List.of("REFUND", (long) DISPUTES, (long) DISPUTES, DISPUTES * REFUND),
                        List.of("RELEASE", (long) DISPUTES, (long) DISPUTES, DISPUTES * (PRICE - REFUND)));
    }

    /** An instance with its own poller and a note of the due times it passed. */
    private record Instance(ConfigurableApplicationContext context, int port, Map<UUID, Integer> passed) {
    }

    private Instance start(String name, String database) throws IOException {
        Map<UUID, Integer> passed = new ConcurrentHashMap<>();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ArbiterApplication.class)
                .initializers(initializing -> {
                    ((GenericApplicationContext) initializing).registerBean("sharedTestClock", TestClock.class,
                            () -> clock, definition -> definition.setPrimary(true));
                    initializing.addApplicationListener(notePassed(passed));
                })
                // As arguments: default properties would lose to application.yml.
                .run(Map.ofEntries(
                        Map.entry("server.port", "0"),
                        Map.entry("spring.datasource.url", database),
                        Map.entry("spring.datasource.username", PostgresDatabase.USER),
                        Map.entry("spring.datasource.password", PostgresDatabase.PASSWORD),
                        Map.entry("spring.datasource.hikari.maximum-pool-size", "8"),
                        Map.entry("spring.datasource.hikari.minimum-idle", "1"),
                        Map.entry("arbiter.demo.enabled", "false"),
                        Map.entry("arbiter.security.bcrypt-strength", "4"),
                        Map.entry("arbiter.outbound.dispatcher-enabled", "false"),
                        Map.entry("arbiter.settlement.resender-enabled", "false"),
                        Map.entry("arbiter.evidence.storage.directory",
                                Files.createTempDirectory("arbiter-evidence-" + name).toString()),
                        Map.entry("arbiter.deadline.executor-enabled", "true"),
                        Map.entry("arbiter.deadline.poll-interval", "100ms"),
                        Map.entry("arbiter.deadline.workers", "2"),
                        // Small batches, so that 900 timers make enough of them for both instances to claim some.
                        Map.entry("arbiter.deadline.batch-size", "25"),
                        Map.entry("db-scheduler.scheduler-name", name),
                        Map.entry("db-scheduler.polling-strategy", "lock_and_fetch"),
                        Map.entry("db-scheduler.polling-interval", "100ms"),
                        Map.entry("db-scheduler.threads", "4"))
                        .entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                        .toArray(String[]::new));
        running.add(context);
        return new Instance(context, context.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
                passed);
    }

    /** Counts a passed due time once the firing's transaction committed; a firing that was redone counts once. */
    private static ApplicationListener<ApplicationEvent> notePassed(Map<UUID, Integer> passed) {
        return event -> {
            if (event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof DueTimePassed due) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        passed.merge(due.disputeId(), 1, Integer::sum);
                    }
                });
            }
        };
    }

    private static Map<UUID, Long> perDispute(JdbcClient jdbc, String type) {
        Map<UUID, Long> times = new HashMap<>();
        jdbc.sql("select dispute_id, count(*) from dispute_event where type = :type group by dispute_id")
                .param("type", type)
                .query(rs -> {
                    times.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        return times;
    }

    private static long count(JdbcClient jdbc, String sql) {
        return count(jdbc, sql, Map.of());
    }

    private static long count(JdbcClient jdbc, String sql, Map<String, ?> params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
