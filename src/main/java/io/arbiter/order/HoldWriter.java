package io.arbiter.order;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;

/**
 * Saves a change of an order's hold and nothing else of the order, under the same version check as the aggregate's
 * save, and publishes the order's events as that save would. The aggregate's save deletes and writes again every
 * line and tracking event, which made up most of the writes of settling a dispute.
 */
@Component
class HoldWriter {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    HoldWriter(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    Order save(Order order) {
        Escrow escrow = order.escrow();
        int updated = jdbc.sql("""
                        update marketplace_order
                        set escrow_status = :status, escrow_held = :held, escrow_refunded = :refunded,
                            escrow_released = :released, escrow_open_dispute_id = :openDispute,
                            escrow_disputed = :disputed, updated_at = :updatedAt, version = version + 1
                        where id = :id and version = :version""")
                .param("status", escrow.status().name())
                .param("held", escrow.held())
                .param("refunded", escrow.refunded())
                .param("released", escrow.released())
                .param("openDispute", escrow.openDisputeId())
                .param("disputed", escrow.disputed())
                .param("updatedAt", SqlTime.of(order.updatedAt()))
                .param("id", order.id())
                .param("version", order.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("order " + order.id() + " was changed meanwhile");
        }
        order.savedAsNextVersion().forEach(events::publishEvent);
        return order;
    }
}
