package io.arbiter;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.zaxxer.hikari.HikariDataSource;

import io.arbiter.support.ApiTest;
import io.arbiter.support.DueTimersByHand;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/**
 * Every query a dispute's lifecycle runs can be served by an index: PostgreSQL's own count of sequential scans per
 * table ({@code pg_stat_user_tables.seq_scan}) does not move for any table that grows with use while a marketplace
 * imports an order, the buyer opens a dispute, the seller counter-offers, the buyer accepts, both read the dispute
 * and everything that follows the commits (notices, webhooks, payouts) has run; nor while a due time passes, from
 * db-scheduler's poll to the dispute's closing.
 * <p>
 * The application's connections run with {@code enable_seqscan = off}. On the few rows of a test database
 * PostgreSQL rightly prefers reading a whole table to using its index, so without that every query would scan;
 * with it, PostgreSQL scans only where no index can serve the query, which is what decides once the tables hold
 * months of disputes.
 */
@PostgresTest
class SequentialScansPostgresTests extends ApiTest {

    /**
     * Tables that do not grow with use: Flyway's history (read at start only) and the policy versions (one row per
     * policy edit, read whole to pick the version in force).
     */
    private static final Set<String> FIXED_SIZE = Set.of("flyway_schema_history", "policy_version");

    private static String url;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private ApplicationContext context;

    private Connection observer;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        url = PostgresDatabase.create();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "set enable_seqscan = off");
    }

    @BeforeEach
    void observe() throws SQLException {
        observer = DriverManager.getConnection(url, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
        try (Statement statement = observer.createStatement()) {
            statement.execute("set enable_seqscan = off");
        }
    }

    @AfterEach
    void stopObserving() throws SQLException {
        observer.close();
    }

    @Test
    void aDisputesLifecycleScansNoTableThatGrowsWithUse() throws SQLException {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        marketplace.integration();

        Map<String, Long> scanned = sequentialScansDuring(() -> lifecycle(buyer, seller));

        assertThat(scanned).as("sequential scans per table during one lifecycle").isEmpty();
    }

    /**
     * With {@code enable_seqscan = off} PostgreSQL may still read a whole table through an index (a full scan of the
     * primary key with a filter), which the count of sequential scans does not show. So the same lifecycle runs
     * once on small tables and once on tables three times as big, and the index entries it reads must not grow.
     */
    @Test
    void aDisputesLifecycleReadsNoMoreIndexEntriesWhenTheTablesGrow() throws SQLException {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        marketplace.integration();
        assertIndexEntriesReadDoNotGrow("one lifecycle", () -> lifecycle(buyer, seller));
    }

    /** Import, open, counter-offer, accept, and both parties read the dispute. */
    private void lifecycle(Person buyer, Person seller) {
        String orderId = marketplace.deliveredOrder(buyer, seller);
        String id = buyer.api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", partialRefund(3000)))
                .expect(201).json().get("id").asString();
        seller.api().post("/api/v1/disputes/" + id + "/offers", Map.of("resolution", partialRefund(1500)))
                .expect(200);
        buyer.api().post("/api/v1/disputes/" + id + "/accept", null).expect(200);
        buyer.api().get("/api/v1/disputes/" + id).expect(200);
        seller.api().get("/api/v1/disputes/" + id).expect(200);
    }

    @Test
    void aDueTimePassingReadsNoMoreIndexEntriesWhenTheTablesGrow() throws SQLException {
        DueTimersByHand timers = new DueTimersByHand(context);
        assertIndexEntriesReadDoNotGrow("a seller's due time passing", () -> {
            Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
            clock.advance(Duration.ofDays(5));
            timers.runDue();
            assertThat(dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                    .get("status").asString()).isEqualTo("RESOLVED");
        });
    }

    /**
     * With {@code enable_seqscan = off} PostgreSQL may still read a whole table through an index (a full scan of the
     * primary key with a filter, or an index on another column), which the count of sequential scans does not
     * show. So {@code work} runs once on small tables and once on tables three times as big, and the index entries
     * it reads must not grow.
     */
    private void assertIndexEntriesReadDoNotGrow(String what, Runnable work) throws SQLException {
        repeat(work, 5);
        Map<String, Long> onSmallTables = indexEntriesReadDuring(work);
        repeat(work, 10);
        Map<String, Long> onBigTables = indexEntriesReadDuring(work);

        Map<String, String> grew = new TreeMap<>();
        onBigTables.forEach((table, read) -> {
            long before = onSmallTables.getOrDefault(table, 0L);
            // A due-time poll or a payout check may land in one window and not the other: a few entries of slack.
            if (read > before + 3 && !FIXED_SIZE.contains(table)) {
                grew.put(table, before + " -> " + read);
            }
        });
        assertThat(grew).as("index entries read per table by %s, on tables 3 times as big", what).isEmpty();
    }

    private static void repeat(Runnable work, int times) {
        for (int i = 0; i < times; i++) {
            work.run();
        }
    }

    @Test
    void aDueTimePassingScansNoTableThatGrowsWithUse() throws SQLException {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        DueTimersByHand timers = new DueTimersByHand(context);

        Map<String, Long> scanned = sequentialScansDuring(() -> {
            clock.set(START.plus(Duration.ofDays(5)));
            timers.runDue();
        });

        assertThat(dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .get("status").asString()).isEqualTo("RESOLVED");
        assertThat(scanned).as("sequential scans per table while the seller's due time passes").isEmpty();
    }

    /** The tables read whole while {@code work} and what follows its commits ran, with how often. */
    private Map<String, Long> sequentialScansDuring(Runnable work) throws SQLException {
        Map<String, Long> before = sequentialScans();
        long disputeReadsBefore = indexScans("dispute");
        work.run();
        awaitEverythingAfterTheCommits();
        Map<String, Long> scanned = new TreeMap<>();
        sequentialScans().forEach((table, count) -> {
            long more = count - before.getOrDefault(table, 0L);
            if (more > 0 && !FIXED_SIZE.contains(table)) {
                scanned.put(table, more);
            }
        });
        assertThat(indexScans("dispute")).as("the work's reads were counted").isGreaterThan(disputeReadsBefore);
        return scanned;
    }

    /** The index entries read per table while {@code work} and what follows its commits ran. */
    private Map<String, Long> indexEntriesReadDuring(Runnable work) throws SQLException {
        sequentialScans();
        Map<String, Long> before = indexEntriesRead();
        work.run();
        awaitEverythingAfterTheCommits();
        sequentialScans();
        Map<String, Long> read = new TreeMap<>();
        indexEntriesRead().forEach((table, count) -> read.put(table, count - before.getOrDefault(table, 0L)));
        return read;
    }

    private Map<String, Long> indexEntriesRead() throws SQLException {
        Map<String, Long> read = new TreeMap<>();
        try (Statement statement = observer.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery(
                    "select relname, sum(idx_tup_read) from pg_stat_user_indexes group by relname")) {
                while (rows.next()) {
                    read.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return read;
    }

    /** Wait until no application connection is busy. */
    private void awaitEverythingAfterTheCommits() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> count("""
                select count(*) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'""") == 0);
    }

    /**
     * The counts once every application connection has handed its own in: a PostgreSQL backend reports its
     * counts when it has been idle a while or when it ends, so the pool's connections are closed (the pool opens
     * new ones when asked) and the counts read once those backends are gone.
     */
    private Map<String, Long> sequentialScans() throws SQLException {
        String applicationBackends = """
                select string_agg(pid::text, ',') from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()""";
        String pids = text(applicationBackends);
        ((HikariDataSource) dataSource).getHikariPoolMXBean().softEvictConnections();
        if (pids != null) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> count(
                    "select count(*) from pg_stat_activity where pid in (" + pids + ")") == 0);
        }
        Map<String, Long> scans = new TreeMap<>();
        try (Statement statement = observer.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery("select relname, seq_scan from pg_stat_user_tables")) {
                while (rows.next()) {
                    scans.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return scans;
    }

    /** Read after {@link #sequentialScans()}, which has every connection hand its counts in. */
    private long indexScans(String table) throws SQLException {
        return count("select idx_scan from pg_stat_user_tables where relname = '" + table + "'");
    }

    private String text(String sql) throws SQLException {
        try (Statement statement = observer.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = observer.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
