package io.arbiter;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.DatabaseCalls;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PostgresTest;

/**
 * What each step of a dispute's lifecycle sends to PostgreSQL while it answers: one transaction, and no more
 * statements than {@code bench/statements} counted when the write path was last trimmed (docs/benchmarks.md). A
 * change that adds a read or a write to a step fails here and has to say why, rather than slow every step unseen.
 * <p>
 * The statements are counted by {@link DatabaseCalls} around the application's connection pool, on the threads that
 * serve requests only: the pollers' own work is not a step's. The second lifecycle of the same two people is
 * measured, so the counts are those of a warm server and of a marketplace re-importing names it sent before.
 */
@PostgresTest
@Import(DatabaseCalls.Wiring.class)
class StatementsPerStepPostgresTests extends ApiTest {

    @Autowired
    private DatabaseCalls calls;

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

    private <T> T measured(List<Step> steps, String name, Supplier<T> step) {
        RequestThreads sent = new RequestThreads();
        T result;
        try (AutoCloseable listening = calls.listen(sent)) {
            result = step.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<String> sql = List.copyOf(sent.statements);
        steps.add(new Step(name, sent.commits.get(), sql.size(), sql));
        return result;
    }

    private record Step(String name, int transactions, int statements, List<String> sql) {

        @Override
        public String toString() {
            return name + ": " + transactions + " transaction(s), " + statements + " statements";
        }
    }

    /** What the threads that serve requests execute and commit: the pollers' own work is not a step's. */
    private static final class RequestThreads implements DatabaseCalls.Listener {

        final List<String> statements = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public void committed() {
            if (onRequestThread()) {
                commits.incrementAndGet();
            }
        }

        @Override
        public void executed(String sql, boolean autoCommit) {
            if (onRequestThread()) {
                statements.add(sql);
            }
        }

        private static boolean onRequestThread() {
            String thread = Thread.currentThread().getName();
            return thread.startsWith("http-nio") || thread.startsWith("tomcat-handler");
        }
    }
}
