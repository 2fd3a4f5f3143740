package io.arbiter.web;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;

/**
 * A keyed POST that changes a dispute commits its change and its idempotency record as one transaction. Counted
 * at the JDBC level, where nothing escapes: every {@code commit()} and every statement run in auto-commit mode is
 * one database transaction. Only the transactions of the thread serving the request are counted (reactions that
 * run after the commit on other threads are not the request's), and apart those run inside the idempotency
 * handling (the password check before it has its own).
 */
@Import(KeyedRequestTransactionsTests.Counting.class)
class KeyedRequestTransactionsTests extends ApiTest {

    @Autowired
    private TransactionsPerKey transactions;

    @Test
    void aCounterOfferSentWithAKeyCommitsOnceAndItsReplayCommitsNothing() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        String key = "offer-" + UUID.randomUUID();
        Api seller = dispute.seller().api().with(IdempotencyFilter.HEADER, key);
        Map<String, Object> offer = Map.of("resolution", partialRefund(1000), "note", "Keep it");

        seller.post("/api/v1/disputes/" + dispute.id() + "/offers", offer).expect(200);

        assertThat(transactions.of(key)).isEqualTo(new Counted(1, 0));
        assertThat(seller.post("/api/v1/disputes/" + dispute.id() + "/offers", offer).expect(200)
                .header("Idempotent-Replayed")).isEqualTo("true");
        // The replay runs the offer again on the dispute the first one changed, is refused, rolls that back, and
        // finds the first answer under its key in a second transaction it rolls back too.
        assertThat(transactions.of(key)).as("the replay commits nothing").isEqualTo(new Counted(1, 2));
    }

    @Test
    void aRefusedActionRollsItsWorkBackAndKeepsTheRefusalInOneMoreTransaction() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        String key = "accept-" + UUID.randomUUID();

        dispute.buyer().api().with(IdempotencyFilter.HEADER, key)
                .post("/api/v1/disputes/" + dispute.id() + "/accept", "{}").expect(409);

        assertThat(transactions.of(key)).isEqualTo(new Counted(1, 1));
    }

    /** Database transactions that ended with a commit (auto-commit statements included) and with a rollback. */
    record Counted(int commits, int rollbacks) {
    }

    /** Transactions run inside the idempotency handling, per Idempotency-Key of the request whose thread ran them. */
    static class TransactionsPerKey {

        private static final Set<String> AUTO_COMMITTED = Set.of("execute", "executeQuery", "executeUpdate",
                "executeBatch", "executeLargeUpdate", "executeLargeBatch");

        private final Map<String, Counted> counts = new ConcurrentHashMap<>();

        Counted of(String key) {
            return counts.getOrDefault(key, new Counted(0, 0));
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
                    case "commit" -> count(1, 0);
                    case "rollback" -> count(0, args == null ? 1 : 0);
                    default -> {
                    }
                }
                Object result = call(method, connection, args);
                if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                    return statementOf(connection, method.getReturnType(), statement);
                }
                return result;
            });
        }

        private Object statementOf(Connection connection, Class<?> type, Statement statement) {
            return proxy(type, statement, (proxy, method, args) -> {
                if (AUTO_COMMITTED.contains(method.getName()) && connection.getAutoCommit()) {
                    count(1, 0);
                }
                return call(method, statement, args);
            });
        }

        private void count(int commits, int rollbacks) {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
                String key = request.getRequest().getHeader(IdempotencyFilter.HEADER);
                boolean insideIdempotencyHandling = StackWalker.getInstance()
                        .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(IdempotencyFilter.class.getName())));
                if (key != null && insideIdempotencyHandling) {
                    counts.merge(key, new Counted(commits, rollbacks),
                            (a, b) -> new Counted(a.commits() + b.commits(), a.rollbacks() + b.rollbacks()));
                }
            }
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
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {

        @Bean
        static TransactionsPerKey transactionsPerKey() {
            return new TransactionsPerKey();
        }

        @Bean
        static BeanPostProcessor countingDataSource(TransactionsPerKey transactions) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && "dataSource".equals(name)
                            ? transactions.counting(dataSource) : bean;
                }
            };
        }
    }
}
