package io.arbiter;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/**
 * What each step of a dispute's lifecycle sends to PostgreSQL while it answers: one transaction, and no more
 * statements than {@code bench/statements} counted when the write path was last trimmed (docs/benchmarks.md). A
 * change that adds a read or a write to a step fails here and has to say why, rather than slow every step unseen.
 * <p>
 * The statements are counted by a JDBC driver that wraps PostgreSQL's, on the threads that serve requests only: the
 * pollers' own work is not a step's. The second lifecycle of the same two people is measured, so the counts are
 * those of a warm server and of a marketplace re-importing names it sent before.
 */
@PostgresTest
class StatementsPerStepPostgresTests extends ApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.create();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.driver-class-name", CountingDriver.class::getName);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
    }

    @Test
    void eachStepOfALifecycleIsOneTransactionWithinItsCountedStatements() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        lifecycle(buyer, seller);

        List<Step> steps = lifecycle(buyer, seller);

        assertThat(steps).extracting(Step::name).containsExactly("import", "open", "counter-offer", "accept");
        assertThat(steps).as("transactions per step, statements: %s", steps).allSatisfy(
                step -> assertThat(step.transactions()).as(step.name()).isEqualTo(1));
        // The counts bench/statements prints for the same steps (docs/benchmarks.md, session 10): import (API key)
        // 11; open and counter-offer (HTTP Basic, Idempotency-Key) 14 each; accept, which settles the order, 21.
        assertThat(steps.get(0).statements()).as("import: %s", steps.get(0).sql()).isLessThanOrEqualTo(11);
        assertThat(steps.get(1).statements()).as("open: %s", steps.get(1).sql()).isLessThanOrEqualTo(14);
        assertThat(steps.get(2).statements()).as("counter-offer: %s", steps.get(2).sql()).isLessThanOrEqualTo(14);
        assertThat(steps.get(3).statements()).as("accept: %s", steps.get(3).sql()).isLessThanOrEqualTo(21);
    }

    private List<Step> lifecycle(Person buyer, Person seller) {
        List<Step> steps = new ArrayList<>();
        String orderId = measured(steps, "import", () -> marketplace.deliveredOrder(buyer, seller));
        String id = measured(steps, "open", () -> keyed(buyer.api())
                .post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", partialRefund(3000)))
                .expect(201).json().get("id").asString());
        measured(steps, "counter-offer", () -> keyed(seller.api())
                .post("/api/v1/disputes/" + id + "/offers", Map.of("resolution", partialRefund(1500))).expect(200));
        measured(steps, "accept", () -> keyed(buyer.api()).post("/api/v1/disputes/" + id + "/accept", null)
                .expect(200));
        return steps;
    }

    private static Api keyed(Api api) {
        return api.with("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static <T> T measured(List<Step> steps, String name, java.util.function.Supplier<T> step) {
        CountingDriver.SENT.clear();
        CountingDriver.COMMITS.set(0);
        T result = step.get();
        List<String> sql = List.copyOf(CountingDriver.SENT);
        steps.add(new Step(name, CountingDriver.COMMITS.get(), sql.size(), sql));
        return result;
    }

    private record Step(String name, int transactions, int statements, List<String> sql) {

        @Override
        public String toString() {
            return name + ": " + transactions + " transaction(s), " + statements + " statements";
        }
    }

    /** PostgreSQL's driver, counting what request threads execute and commit. */
    public static final class CountingDriver implements Driver {

        static final List<String> SENT = Collections.synchronizedList(new ArrayList<>());
        static final java.util.concurrent.atomic.AtomicInteger COMMITS = new java.util.concurrent.atomic.AtomicInteger();

        /** Not registered with DriverManager: only the pool named this class uses it, not the JVM's other tests. */
        private final Driver postgres = new org.postgresql.Driver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            Connection real = postgres.connect(url, info);
            return wrap(Connection.class, real, (method, args) -> {
                if (method.getName().equals("commit") && onRequestThread()) {
                    COMMITS.incrementAndGet();
                }
                return null;
            });
        }

        private static boolean onRequestThread() {
            String thread = Thread.currentThread().getName();
            return thread.startsWith("http-nio") || thread.startsWith("tomcat-handler");
        }

        /** A proxy of {@code real} that tells {@code seen} of each call and wraps the statements it makes. */
        private static <T> T wrap(Class<T> type, T real, Seen seen) {
            InvocationHandler handler = (proxy, method, args) -> {
                seen.call(method, args);
                try {
                    Object result = method.invoke(real, args);
                    if (result instanceof Statement statement && !(proxy instanceof Statement)) {
                        String prepared = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                        return wrap(statementType(statement), statement, (call, callArgs) -> {
                            if (call.getName().startsWith("execute") && onRequestThread()) {
                                SENT.add(prepared != null ? prepared
                                        : callArgs != null && callArgs.length > 0 ? String.valueOf(callArgs[0]) : "?");
                            }
                            return null;
                        });
                    }
                    return result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return type.cast(Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type},
                    handler));
        }

        @SuppressWarnings("unchecked")
        private static <S extends Statement> Class<S> statementType(Statement statement) {
            if (statement instanceof java.sql.CallableStatement) {
                return (Class<S>) java.sql.CallableStatement.class;
            }
            if (statement instanceof java.sql.PreparedStatement) {
                return (Class<S>) java.sql.PreparedStatement.class;
            }
            return (Class<S>) Statement.class;
        }

        private interface Seen {
            Object call(Method method, Object[] args) throws Throwable;
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:postgresql:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }
}
