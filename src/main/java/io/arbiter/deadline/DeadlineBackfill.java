package io.arbiter.deadline;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules, once, the due times of the disputes and orders that existed before the engine did (the migration
 * listed them in {@code deadline_backfill}); each leaves the list in the transaction that scheduled it.
 */
@Component
class DeadlineBackfill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DeadlineBackfill.class);

    private final DueTimers timers;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DeadlineBackfill(DueTimers timers, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.timers = timers;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        List<UUID> disputes = jdbc.sql("select dispute_id from deadline_backfill where dispute_id is not null")
                .query(UUID.class).list();
        for (UUID disputeId : disputes) {
            transaction.executeWithoutResult(status -> {
                timers.scheduleFor(disputeId);
                jdbc.sql("delete from deadline_backfill where dispute_id = :id").param("id", disputeId).update();
            });
        }
        List<String> orders = jdbc.sql("select order_id from deadline_backfill where order_id is not null")
                .query(String.class).list();
        for (String orderId : orders) {
            transaction.executeWithoutResult(status -> {
                timers.scheduleProtectionOf(orderId);
                jdbc.sql("delete from deadline_backfill where order_id = :id").param("id", orderId).update();
            });
        }
        if (!disputes.isEmpty() || !orders.isEmpty()) {
            log.info("Scheduled the due times of {} disputes and {} orders that predate the deadline engine",
                    disputes.size(), orders.size());
        }
    }
}
