package io.arbiter.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.arbiter.common.StateConflictException;

/** The hold on an order's payment: frozen by one dispute at a time, resolved once and in full. */
class EscrowTests {

    private static final long PAID = 5000;
    private static final UUID DISPUTE = UUID.fromString("00000000-0000-0000-0000-00000000d001");
    private static final UUID SECOND_DISPUTE = UUID.fromString("00000000-0000-0000-0000-00000000d002");

    @Test
    void holdsWhatWasPaidUntilSomethingHappens() {
        Escrow escrow = Escrow.holding(PAID);

        assertThat(escrow.status()).isEqualTo(EscrowStatus.HELD);
        assertThat(escrow.held()).isEqualTo(PAID);
        assertThat(escrow.refunded()).isZero();
        assertThat(escrow.released()).isZero();
        assertThat(escrow.frozen()).isFalse();
        assertThat(escrow.disputed()).isFalse();
    }

    @Test
    void freezingForADisputeKeepsTheMoneyHeldAndMarksTheOrderDisputed() {
        Escrow escrow = Escrow.holding(PAID).freezeFor(DISPUTE);

        assertThat(escrow.frozen()).isTrue();
        assertThat(escrow.openDisputeId()).isEqualTo(DISPUTE);
        assertThat(escrow.disputed()).isTrue();
        assertThat(escrow.status()).isEqualTo(EscrowStatus.HELD);
        assertThat(escrow.held()).isEqualTo(PAID);
    }

    @Test
    void refusesFreezingForASecondDispute() {
        Escrow frozen = Escrow.holding(PAID).freezeFor(DISPUTE);

        assertThatThrownBy(() -> frozen.freezeFor(SECOND_DISPUTE)).isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> frozen.freezeFor(DISPUTE)).isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesFreezingAHoldAlreadyReleasedToTheSeller() {
        Escrow released = Escrow.holding(PAID).releaseAll();

        assertThatThrownBy(() -> released.freezeFor(DISPUTE)).isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesFreezingAHoldAnEarlierDisputeResolved() {
        Escrow partlyRefunded = Escrow.holding(PAID).freezeFor(DISPUTE).settle(DISPUTE, 2000, 3000);

        assertThatThrownBy(() -> partlyRefunded.freezeFor(SECOND_DISPUTE)).isInstanceOf(StateConflictException.class);
    }

    @ParameterizedTest(name = "refund {0}, release {1} -> {2}")
    @CsvSource({
            "5000, 0, REFUNDED",
            "0, 5000, RELEASED",
            "2000, 3000, PARTLY_REFUNDED",
            "1, 4999, PARTLY_REFUNDED",
            "4999, 1, PARTLY_REFUNDED"})
    void settlingPaysOutTheWholeHoldSoHeldPlusRefundedPlusReleasedStaysWhatWasPaid(long refund, long release,
                                                                                  EscrowStatus status) {
        Escrow settled = Escrow.holding(PAID).freezeFor(DISPUTE).settle(DISPUTE, refund, release);

        assertThat(settled.status()).isEqualTo(status);
        assertThat(settled.held()).isZero();
        assertThat(settled.refunded()).isEqualTo(refund);
        assertThat(settled.released()).isEqualTo(release);
        assertThat(settled.held() + settled.refunded() + settled.released()).isEqualTo(PAID);
        assertThat(settled.frozen()).isFalse();
        assertThat(settled.disputed()).isTrue();
    }

    @ParameterizedTest(name = "refund {0}, release {1}")
    @CsvSource({"2000, 2000", "5000, 1", "-1, 5001", "6000, 0", "0, -5000", "-1, 1"})
    void refusesSettlingAnythingButTheWholeHold(long refund, long release) {
        Escrow frozen = Escrow.holding(PAID).freezeFor(DISPUTE);

        assertThatThrownBy(() -> frozen.settle(DISPUTE, refund, release)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesSettlingForADisputeThatDoesNotHoldTheEscrow() {
        Escrow frozen = Escrow.holding(PAID).freezeFor(DISPUTE);

        assertThatThrownBy(() -> frozen.settle(SECOND_DISPUTE, PAID, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Escrow.holding(PAID).settle(DISPUTE, PAID, 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesSettlingTheSameDisputeTwice() {
        Escrow settled = Escrow.holding(PAID).freezeFor(DISPUTE).settle(DISPUTE, 2000, 3000);

        assertThatThrownBy(() -> settled.settle(DISPUTE, 2000, 3000)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesReleaseWhileFrozenByADispute() {
        Escrow frozen = Escrow.holding(PAID).freezeFor(DISPUTE);

        assertThatThrownBy(frozen::releaseAll).isInstanceOf(StateConflictException.class);
    }

    @Test
    void releasesEverythingToTheSellerWhenNoDisputeIsOpen() {
        Escrow released = Escrow.holding(PAID).releaseAll();

        assertThat(released.status()).isEqualTo(EscrowStatus.RELEASED);
        assertThat(released.held()).isZero();
        assertThat(released.released()).isEqualTo(PAID);
        assertThat(released.refunded()).isZero();
    }

    @Test
    void refusesReleasingTwice() {
        Escrow released = Escrow.holding(PAID).releaseAll();

        assertThatThrownBy(released::releaseAll).isInstanceOf(StateConflictException.class);
    }

    @Test
    void reshipmentUnfreezesTheHoldAndKeepsHoldingEverything() {
        Escrow afterReshipment = Escrow.holding(PAID).freezeFor(DISPUTE).settle(DISPUTE, 0, 0);

        assertThat(afterReshipment.frozen()).isFalse();
        assertThat(afterReshipment.openDisputeId()).isNull();
        assertThat(afterReshipment.status()).isEqualTo(EscrowStatus.HELD);
        assertThat(afterReshipment.held()).isEqualTo(PAID);
        assertThat(afterReshipment.refunded()).isZero();
        assertThat(afterReshipment.released()).isZero();
        assertThat(afterReshipment.disputed()).isTrue();
    }

    @Test
    void afterAReshipmentTheHoldCanBeReleasedOrDisputedAgain() {
        Escrow afterReshipment = Escrow.holding(PAID).freezeFor(DISPUTE).settle(DISPUTE, 0, 0);

        assertThat(afterReshipment.releaseAll().released()).isEqualTo(PAID);
        Escrow disputedAgain = afterReshipment.freezeFor(SECOND_DISPUTE);
        assertThat(disputedAgain.openDisputeId()).isEqualTo(SECOND_DISPUTE);
        assertThat(disputedAgain.settle(SECOND_DISPUTE, PAID, 0).refunded()).isEqualTo(PAID);
    }
}
