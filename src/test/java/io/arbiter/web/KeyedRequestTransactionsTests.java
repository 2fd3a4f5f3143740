package io.arbiter.web;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.DatabaseCalls;
import io.arbiter.support.Marketplace.Case;

/**
 * A keyed POST that changes a dispute commits its change and its idempotency record as one transaction. Counted
 * at the JDBC level, where nothing escapes: every {@code commit()} and every statement run in auto-commit mode is
 * one database transaction. Only the transactions of the thread serving the request are counted (reactions that
 * run after the commit on other threads are not the request's), and apart those run inside the idempotency
 * handling (the password check before it has its own).
 */
@Import(DatabaseCalls.Wiring.class)
class KeyedRequestTransactionsTests extends ApiTest {

    @Autowired
    private DatabaseCalls calls;

    private final TransactionsPerKey transactions = new TransactionsPerKey();
    private AutoCloseable listening;

    @BeforeEach
    void countTransactions() {
        listening = calls.listen(transactions);
    }

    @AfterEach
    void stopCounting() throws Exception {
        listening.close();
    }

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
    static class TransactionsPerKey implements DatabaseCalls.Listener {

        private final Map<String, Counted> counts = new ConcurrentHashMap<>();

        Counted of(String key) {
            return counts.getOrDefault(key, new Counted(0, 0));
        }

        @Override
        public void committed() {
            count(1, 0);
        }

        @Override
        public void rolledBack() {
            count(0, 1);
        }

        @Override
        public void executed(String sql, boolean autoCommit) {
            if (autoCommit) {
                count(1, 0);
            }
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
    }
}
