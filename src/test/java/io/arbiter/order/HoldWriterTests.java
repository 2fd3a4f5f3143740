package io.arbiter.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;

import io.arbiter.support.ApiTest;

/** The save of an order's hold alone: the same version check as the aggregate's save, and nothing else written. */
class HoldWriterTests extends ApiTest {

    @Autowired
    OrderRepository orders;
    @Autowired
    HoldWriter holds;

    @Test
    void aStaleCopyOfTheOrderIsRefusedAndWritesNothing() {
        String id = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());
        Order first = orders.findById(id).orElseThrow();
        Order stale = orders.findById(id).orElseThrow();

        first.freezeFor(UUID.randomUUID(), clock.instant());
        holds.save(first);
        stale.confirmReceipt(clock.instant());

        assertThatThrownBy(() -> holds.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
        Order stored = orders.findById(id).orElseThrow();
        assertThat(stored.escrow()).isEqualTo(first.escrow());
        assertThat(stored.version()).isEqualTo(first.version());
        assertThat(stored.lines()).isEqualTo(first.lines());
        assertThat(stored.trackingEvents()).isEqualTo(first.trackingEvents());
    }
}
