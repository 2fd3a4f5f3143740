package io.arbiter.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Every commit, rollback and statement the application sends through its {@code DataSource}, told to the tests that
 * listen, on the thread that sent it (so a test can tell a request's work from a poller's). For tests that hold a step
 * to a number of transactions or statements; they {@code @Import(DatabaseCalls.Wiring.class)}, and classes that
 * import it share one application context.
 */
public final class DatabaseCalls {

    /** What a test hears; called on the thread that made the call, before the call is made. */
    public interface Listener {

        default void committed() {
        }

        default void rolledBack() {
        }

        /**
         * A statement run: its SQL as prepared (or as passed to {@code execute}), and whether the connection was in
         * auto-commit mode, where the statement is a database transaction of its own.
         */
        default void executed(String sql, boolean autoCommit) {
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} of every call until the answer is closed. */
    public AutoCloseable listen(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    DataSource counting(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                return counting(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return counting(super.getConnection(username, password));
            }
        };
    }

    private Connection counting(Connection connection) {
        return proxy(Connection.class, connection, (proxy, method, args) -> {
            switch (method.getName()) {
                case "commit" -> listeners.forEach(Listener::committed);
                // rollback(Savepoint) ends no transaction
                case "rollback" -> {
                    if (args == null) {
                        listeners.forEach(Listener::rolledBack);
                    }
                }
                default -> {
                }
            }
            Object result = call(method, connection, args);
            if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                String prepared = args != null && args.length > 0 && args[0] instanceof String sql ? sql : null;
                return counting(connection, method.getReturnType(), statement, prepared);
            }
            return result;
        });
    }

    private Object counting(Connection connection, Class<?> type, Statement statement, String prepared) {
        return proxy(type, statement, (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = prepared != null ? prepared
                        : args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
                boolean autoCommit = connection.getAutoCommit();
                listeners.forEach(listener -> listener.executed(sql, autoCommit));
            }
            return call(method, statement, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Wraps the application's {@code dataSource} bean, before anything that uses it is made. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Wiring {

        @Bean
        static DatabaseCalls databaseCalls() {
            return new DatabaseCalls();
        }

        @Bean
        static BeanPostProcessor countingDataSource(DatabaseCalls calls) {
            return BeanWrapping.wrap("dataSource", DataSource.class, calls::counting);
        }
    }
}
