package io.arbiter.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;


/**
 * A fresh, empty database on the local PostgreSQL server for each Spring context that asks for one. The server comes from {@code arbiter.test.postgres-url} (the database in
 * that URL is only used to create the others).
 */
public final class PostgresDatabase {

    public static final String URL = System.getProperty("arbiter.test.postgres-url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("arbiter.test.postgres-user", "postgres");
    public static final String PASSWORD = System.getProperty("arbiter.test.postgres-password", "");

    private PostgresDatabase() {
    }

    public static boolean required() {
        return Boolean.getBoolean("arbiter.test.require-postgres") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean reachable() {
        try (Connection ignored = connect(URL)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String create() {
        String name = "arbiter_test_" + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = connect(URL)) {
            dropLeftovers(connection);
            connection.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + URL + ": " + e.getMessage(), e);
        }
        return URL.substring(0, URL.lastIndexOf('/') + 1) + name;
    }

    /**
     * Drops test databases made more than a few hours ago. Dropping our own at JVM exit would race the
     * connection pools still open then, so each run clears what earlier runs left instead.
     */
    private static void dropLeftovers(Connection connection) throws SQLException {
        long cutoff = Instant.now().minus(Duration.ofHours(3)).getEpochSecond();
        List<String> stale = new ArrayList<>();
        try (ResultSet names = connection.createStatement()
                .executeQuery("select datname from pg_database where datname like 'arbiter\\_test\\_%'")) {
            while (names.next()) {
                String[] parts = names.getString(1).split("_");
                if (parts.length == 4 && parts[2].chars().allMatch(Character::isDigit)
                        && Long.parseLong(parts[2]) < cutoff) {
                    stale.add(names.getString(1));
                }
            }
        }
        for (String name : stale) {
            connection.createStatement().execute("drop database if exists " + name + " with (force)");
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }
}
