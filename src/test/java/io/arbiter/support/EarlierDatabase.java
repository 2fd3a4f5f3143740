package io.arbiter.support;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An empty database for migration tests: migrated up to an earlier version, filled with rows as that version wrote
 * them (the columns it named, no others), then migrated to the latest.
 */
public final class EarlierDatabase {

    private final String url;
    private final DriverManagerDataSource dataSource;
    private final JdbcClient jdbc;

    private EarlierDatabase(String url, String user, String password) {
        this.url = url;
        this.dataSource = new DriverManagerDataSource(url, user, password);
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** An in-memory H2 database in the application's PostgreSQL mode. */
    public static EarlierDatabase h2() {
        return new EarlierDatabase("jdbc:h2:mem:migration-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A new database on the test PostgreSQL server. */
    public static EarlierDatabase postgres() {
        return new EarlierDatabase(PostgresDatabase.create(), PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Migrates to {@code target}, "latest" for all. */
    public void migrate(String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target)
                // As DeadlineConfiguration sets it: PostgreSQL wants V15's generated column declared stored.
                .placeholders(Map.of("stored", url.startsWith("jdbc:postgresql:") ? "stored" : ""))
                .load().migrate();
    }

    public void insertOrder(String orderId) {
        jdbc.sql("""
                insert into marketplace_order (id, version, buyer_id, seller_id, currency, total_amount, paid_amount,
                    placed_at, escrow_status, escrow_held, escrow_refunded, escrow_released, escrow_disputed,
                    imported_at, updated_at)
                values (:order, 0, 'buyer', 'seller', 'EUR', 5000, 5000, timestamp with time zone '2026-03-01 10:00:00+00',
                    'HELD', 5000, 0, 0, false, timestamp with time zone '2026-03-01 10:00:00+00',
                    timestamp with time zone '2026-03-01 10:00:00+00')""").param("order", orderId).update();
    }

    /** A dispute on the order between 'buyer' and 'seller', claiming a partial refund of 1500 EUR cents. */
    public void insertDispute(UUID id, String orderId, String status) {
        jdbc.sql("""
                insert into dispute (id, version, order_id, buyer_id, seller_id, currency, held_amount, pieces_ordered,
                    reason, description, pieces_affected, claim_id, claim_made_by, claim_type, claim_amount,
                    claim_made_at, status, awaiting, opened_at, negotiation_failed, contested, policy_version)
                values (:id, 0, :order, 'buyer', 'seller', 'EUR', 5000, 1, 'QUALITY_ISSUE', 'Torn seam', 1, :claim,
                    'BUYER', 'PARTIAL_REFUND', 1500, timestamp with time zone '2026-03-02 10:00:00+00', :status,
                    'SELLER', timestamp with time zone '2026-03-02 10:00:00+00', false, false, 'arbiter-default-1')""")
                .param("id", id).param("order", orderId).param("claim", UUID.randomUUID()).param("status", status)
                .update();
    }
}
