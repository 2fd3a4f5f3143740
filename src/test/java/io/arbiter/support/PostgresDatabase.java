package io.arbiter.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, empty database on the local PostgreSQL server for each Spring context that asks for one,
 * dropped when the JVM exits. The server comes from {@code arbiter.test.postgres-url} (the database in
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

    /** Creates a database and points the context's data source at it. */
    public static void register(DynamicPropertyRegistry registry) {
        String url = create();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
    }

    public static String create() {
        String name = "arbiter_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = connect(URL)) {
            connection.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + URL + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        return URL.substring(0, URL.lastIndexOf('/') + 1) + name;
    }

    private static void drop(String name) {
        try (Connection connection = connect(URL)) {
            connection.createStatement().execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            // The run is over; a leftover test database is harmless.
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
