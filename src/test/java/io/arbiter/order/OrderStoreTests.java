package io.arbiter.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.support.ApiTest;

/** Orders written by hand: the version check, the hold saved alone, lines and tracking events written only when changed. */
class OrderStoreTests extends ApiTest {

    @Autowired
    OrderStore orders;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void aStaleCopyOfTheOrderIsRefusedAndWritesNothing() {
        String id = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());
        Order first = orders.find(id).orElseThrow();
        Order stale = orders.find(id).orElseThrow();

        first.freezeFor(UUID.randomUUID(), clock.instant());
        orders.saveHold(first);
        stale.confirmReceipt(clock.instant());

        assertThatThrownBy(() -> orders.saveHold(stale)).isInstanceOf(OptimisticLockingFailureException.class);
        Order stored = orders.find(id).orElseThrow();
        assertThat(stored.escrow()).isEqualTo(first.escrow());
        assertThat(stored.version()).isEqualTo(first.version());
        assertThat(stored.lines()).isEqualTo(first.lines());
        assertThat(stored.trackingEvents()).isEqualTo(first.trackingEvents());
    }

    @Test
    void aTransactionReadsAnOrderOnceAndSeesItsOwnChanges() {
        String id = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());
        UUID dispute = UUID.randomUUID();
        transaction.executeWithoutResult(status -> {
            Order first = orders.find(id).orElseThrow();
            assertThat(orders.find(id).orElseThrow()).isSameAs(first);
            first.freezeFor(dispute, clock.instant());
            orders.saveHold(first);
            Order locked = orders.findLocked(id).orElseThrow();
            assertThat(locked).isSameAs(first);
            assertThat(locked.escrow().openDisputeId()).isEqualTo(dispute);
        });
        assertThat(orders.find(id).orElseThrow().escrow().openDisputeId()).isEqualTo(dispute);
    }

    @Test
    void newTrackingEventsAreWrittenAndTheLinesKept() {
        String id = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());
        Order before = orders.find(id).orElseThrow();
        Order order = orders.find(id).orElseThrow();
        order.track(new TrackingEvent(TrackingStatus.IN_TRANSIT, clock.instant().minusSeconds(7200), "Hub", "sorted"),
                clock.instant());
        orders.save(order);

        Order stored = orders.find(id).orElseThrow();
        assertThat(stored.lines()).isEqualTo(before.lines()).isNotEmpty();
        assertThat(stored.trackingEvents()).hasSize(before.trackingEvents().size() + 1)
                .contains(new TrackingEvent(TrackingStatus.IN_TRANSIT, clock.instant().minusSeconds(7200), "Hub",
                        "sorted"));
        assertThat(stored.version()).isEqualTo(before.version() + 1);
    }
}
