package io.arbiter.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.support.ApiTest;

/**
 * The ledger's own rules, below any API. Its journals name orders that do not exist, which the reconciliation
 * rightly reports: so it keeps out of the common database, in the one {@code AuditCommandTests} breaks chains in
 * (nothing there reads the ledger; a context of its own cost a start).
 */
@TestPropertySource(properties = "arbiter.test.context=broken-records")
class LedgerTests extends ApiTest {

    @Autowired
    Ledger ledger;
    @Autowired
    TransactionTemplate transaction;

    private final String order = "ORD-L-" + UUID.randomUUID();

    private UUID post(Ledger.Kind kind, String currency, String source, Map<String, Long> entries) {
        return transaction.execute(status -> ledger.post(kind, order, currency, source, null, entries));
    }

    private void hold(long amount) {
        post(Ledger.Kind.PAYMENT_HELD, "EUR", "hold:" + order,
                Map.of(Ledger.buyerPayments("b"), -amount, Ledger.escrow(order), amount));
    }

    @Test
    void refusesAJournalWhoseEntriesDoNotAddUpToZero() {
        assertThatThrownBy(() -> post(Ledger.Kind.PAYMENT_HELD, "EUR", "x:" + order,
                Map.of(Ledger.buyerPayments("b"), -100L, Ledger.escrow(order), 99L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.balance(Ledger.escrow(order), "EUR")).isZero();
    }

    @Test
    void neverTakesAnEscrowBelowZero() {
        hold(1000);
        assertThatThrownBy(() -> post(Ledger.Kind.REFUND, "EUR", "refund:" + order,
                Map.of(Ledger.escrow(order), -1001L, Ledger.buyerRefunds("b"), 1001L)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ledger.balance(Ledger.escrow(order), "EUR")).isEqualTo(1000);
    }

    @Test
    void refusesAMovementInAnotherCurrencyThanTheOrders() {
        hold(1000);
        assertThatThrownBy(() -> post(Ledger.Kind.RELEASE, "USD", "release:" + order,
                Map.of(Ledger.escrow(order), -10L, Ledger.sellerPayouts("s"), 10L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD");
    }

    @Test
    void postsTheSameCauseOnlyOnce() {
        hold(1000);
        UUID first = post(Ledger.Kind.REFUND, "EUR", "refund:" + order,
                Map.of(Ledger.escrow(order), -400L, Ledger.buyerRefunds("b"), 400L));
        UUID again = post(Ledger.Kind.REFUND, "EUR", "refund:" + order,
                Map.of(Ledger.escrow(order), -400L, Ledger.buyerRefunds("b"), 400L));
        assertThat(again).isEqualTo(first);
        assertThat(ledger.balance(Ledger.escrow(order), "EUR")).isEqualTo(600);
    }

    @Test
    void journalsPostedTogetherFollowTheRulesOfJournalsPostedOneByOne() {
        hold(1000);
        UUID refund = post(Ledger.Kind.REFUND, "EUR", "refund:" + order,
                Map.of(Ledger.escrow(order), -400L, Ledger.buyerRefunds("b"), 400L));
        Ledger.Journal again = new Ledger.Journal(Ledger.Kind.REFUND, order, "EUR", "refund:" + order, null,
                Map.of(Ledger.escrow(order), -400L, Ledger.buyerRefunds("b"), 400L));
        Ledger.Journal release = new Ledger.Journal(Ledger.Kind.RELEASE, order, "EUR", "release:" + order, null,
                Map.of(Ledger.escrow(order), -600L, Ledger.sellerPayouts("s"), 600L));
        var ids = transaction.execute(status -> ledger.postAll(List.of(again, release)));
        assertThat(ids).hasSize(2).first().as("the refund posted before is not posted again").isEqualTo(refund);
        assertThat(ledger.balance(Ledger.escrow(order), "EUR")).isZero();
        assertThat(ledger.balance(Ledger.sellerPayouts("s"), "EUR")).isEqualTo(600);

        Ledger.Journal tooMuch = new Ledger.Journal(Ledger.Kind.RELEASE, order, "EUR", "late:" + order, null,
                Map.of(Ledger.escrow(order), -1L, Ledger.sellerPayouts("s"), 1L));
        Ledger.Journal fine = new Ledger.Journal(Ledger.Kind.PAYMENT_HELD, order, "EUR", "more:" + order, null,
                Map.of(Ledger.buyerPayments("b"), -5L, Ledger.escrow(order), 5L));
        assertThatThrownBy(() -> transaction.execute(status -> ledger.postAll(List.of(tooMuch, fine))))
                .as("the escrow may not go below zero in between").isInstanceOf(IllegalStateException.class);
        assertThat(ledger.balance(Ledger.escrow(order), "EUR")).isZero();
    }
}
