package io.arbiter.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * V15 on a database filled by the version before it: the timers that disputes closed back then left behind are
 * deleted, those of open disputes, of orders and one being run at that moment stay, and every timer knows its
 * dispute, also those written afterwards by db-scheduler, which does not name the column.
 */
class TimerMigrationTests {

    private static final UUID CLOSED = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID OPEN = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    /** An empty database of this test's kind. */
    String newDatabase() {
        return "jdbc:h2:mem:timer-migration-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    String user() {
        return "sa";
    }

    String password() {
        return "";
    }

    @Test
    void deletesTheTimersOfDisputesClosedBeforeAndKeepsTheRest() {
        String url = newDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, user(), password());
        JdbcClient jdbc = JdbcClient.create(dataSource);
        migrate(dataSource, url, "14");
        jdbc.sql("""
                insert into marketplace_order (id, version, buyer_id, seller_id, currency, total_amount, paid_amount,
                    placed_at, escrow_status, escrow_held, escrow_refunded, escrow_released, escrow_disputed,
                    imported_at, updated_at)
                values ('ORD-1', 0, 'buyer', 'seller', 'EUR', 5000, 5000, timestamp with time zone '2026-03-01 10:00:00+00',
                    'HELD', 5000, 0, 0, false, timestamp with time zone '2026-03-01 10:00:00+00',
                    timestamp with time zone '2026-03-01 10:00:00+00')""").update();
        insertDispute(jdbc, CLOSED, "RESOLVED");
        insertDispute(jdbc, OPEN, "AWAITING_SELLER");
        insertTimer(jdbc, Timers.DUE_TIME, CLOSED + "/CURRENT/2026-03-07T10:00:00Z", false);
        insertTimer(jdbc, Timers.REMINDER, CLOSED + "/CURRENT/2026-03-07T10:00:00Z/PT24H", false);
        insertTimer(jdbc, Timers.DUE_TIME, CLOSED + "/EVIDENCE/2026-03-09T10:00:00Z", true);
        insertTimer(jdbc, Timers.DUE_TIME, OPEN + "/CURRENT/2026-03-07T10:00:00Z", false);
        insertTimer(jdbc, Timers.BUYER_PROTECTION, "ORD-1/2026-03-16T10:00:00Z", false);

        migrate(dataSource, url, "latest");
        insertTimer(jdbc, Timers.REMINDER, OPEN + "/CURRENT/2026-03-07T10:00:00Z/PT48H", false);

        List<String> left = jdbc.sql("""
                        select task_instance || ' of ' || coalesce(dispute_id, 'no dispute') from scheduled_tasks
                        order by task_instance""")
                .query(String.class).list();
        assertThat(left).containsExactly(
                OPEN + "/CURRENT/2026-03-07T10:00:00Z of " + OPEN,
                OPEN + "/CURRENT/2026-03-07T10:00:00Z/PT48H of " + OPEN,
                CLOSED + "/EVIDENCE/2026-03-09T10:00:00Z of " + CLOSED,
                "ORD-1/2026-03-16T10:00:00Z of no dispute");
    }

    private void migrate(DriverManagerDataSource dataSource, String url, String target) {
        FluentConfiguration configuration = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration").target(target);
        // The application's own setting of what differs between the databases.
        DeadlineConfiguration.generatedColumnsForTheDatabase(
                new MockEnvironment().withProperty("spring.datasource.url", url)).customize(configuration);
        configuration.load().migrate();
    }

    private static void insertDispute(JdbcClient jdbc, UUID id, String status) {
        jdbc.sql("""
                insert into dispute (id, version, order_id, buyer_id, seller_id, currency, held_amount, pieces_ordered,
                    reason, description, pieces_affected, claim_id, claim_made_by, claim_type, claim_made_at, status,
                    awaiting, opened_at, negotiation_failed, contested, policy_version)
                values (:id, 0, 'ORD-1', 'buyer', 'seller', 'EUR', 5000, 1, 'QUALITY_ISSUE', 'Torn seam', 1, :claim,
                    'BUYER', 'PARTIAL_REFUND', timestamp with time zone '2026-03-02 10:00:00+00', :status, 'SELLER',
                    timestamp with time zone '2026-03-02 10:00:00+00', false, false, 'arbiter-default-1')""")
                .param("id", id).param("claim", UUID.randomUUID()).param("status", status).update();
    }

    /** A timer row as db-scheduler writes it: the columns it names, no others. */
    private static void insertTimer(JdbcClient jdbc, String task, String instance, boolean picked) {
        jdbc.sql("""
                insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                values (:task, :instance, null, timestamp with time zone '2026-03-07 10:00:00+00', :picked, 1)""")
                .param("task", task).param("instance", instance).param("picked", picked).update();
    }
}
