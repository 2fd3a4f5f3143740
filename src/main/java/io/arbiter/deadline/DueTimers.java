package io.arbiter.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;

import io.arbiter.common.SqlTime;
import io.arbiter.deadline.Timers.DueTimer;
import io.arbiter.deadline.Timers.ProtectionTimer;
import io.arbiter.deadline.Timers.ReminderTimer;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.RunningDueTimes;
import io.arbiter.order.OrderEvents.OrderDelivered;
import io.arbiter.order.OrderService;

/**
 * Keeps a timer in db-scheduler for every due time that runs. Whatever changes a dispute or an order's delivery
 * notes it here; just before that transaction commits, the due times are read once (under the lock the change
 * holds) and their timers written in db-scheduler's table on the change's connection, so the timers commit or
 * roll back with the change. A due time that moved on leaves its timer to fire and do nothing while the dispute
 * runs; a dispute that runs no due time any more (every closed one) has its timers deleted by the same change.
 */
@Component
class DueTimers {

    private final OneTimeTask<DueTimer> dueTimeTask;
    private final OneTimeTask<ReminderTimer> reminderTask;
    private final OneTimeTask<ProtectionTimer> protectionTask;
    private final DisputeService disputes;
    private final OrderService orders;
    private final BuyerProtection protection;
    private final JdbcClient jdbc;
    private final Clock clock;

    DueTimers(OneTimeTask<DueTimer> dueTimeTask, OneTimeTask<ReminderTimer> reminderTask,
              OneTimeTask<ProtectionTimer> protectionTask, DisputeService disputes, OrderService orders,
              BuyerProtection protection, JdbcClient jdbc, Clock clock) {
        this.dueTimeTask = dueTimeTask;
        this.reminderTask = reminderTask;
        this.protectionTask = protectionTask;
        this.disputes = disputes;
        this.orders = orders;
        this.protection = protection;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(DisputeEvent event) {
        Changed changed = changedInThisTransaction();
        changed.disputes.add(event.disputeId());
        if (event instanceof DisputeClosed closed) {
            // A reshipment leaves the payment held: the buyer-protection period starts again.
            changed.orders.add(closed.orderId());
        }
        changed.scheduleUnlessInTransaction();
    }

    @EventListener
    void on(OrderDelivered event) {
        Changed changed = changedInThisTransaction();
        changed.orders.add(event.orderId());
        // For not-as-described the evidence may be due a while after delivery.
        orders.find(event.orderId()).map(order -> order.escrow().openDisputeId()).ifPresent(changed.disputes::add);
        changed.scheduleUnlessInTransaction();
    }

    /** Schedules the timers of every due time the dispute runs now (idempotent); with none running, removes them. */
    void scheduleFor(UUID disputeId) {
        Optional<RunningDueTimes> running = disputes.runningDueTimes(disputeId);
        if (running.isEmpty()) {
            return;
        }
        if (running.get().current() == null && running.get().evidence() == null) {
            deleteTimersOf(disputeId);
            return;
        }
        Instant now = clock.instant();
        List<Wanted> timers = new ArrayList<>();
        for (DueTime dueTime : DueTime.values()) {
            Instant due = running.get().of(dueTime);
            if (due == null) {
                continue;
            }
            DueTimer timer = new DueTimer(disputeId, dueTime, due);
            timers.add(new Wanted(dueTimeTask.getName(), timer.name(), timer, due));
            for (Duration before : running.get().reminders()) {
                // A reminder whose moment has passed is not sent late: it would tell of more time than is left.
                if (due.minus(before).isAfter(now)) {
                    ReminderTimer reminder = new ReminderTimer(disputeId, dueTime, due, before);
                    timers.add(new Wanted(reminderTask.getName(), reminder.name(), reminder, due.minus(before)));
                }
            }
        }
        scheduleIfAbsent(timers);
    }

    private record Wanted(String task, String instance, Object data, Instant at) {
    }

    /**
     * One statement for all of a change's timers, where db-scheduler's {@code scheduleIfNotExists} sends a lookup and
     * an insert for each (up to twelve statements a step). The row is the one db-scheduler writes: same columns, its
     * serializer, not picked, version 1; a timer that exists already (its name carries its due time) is left alone.
     */
    private void scheduleIfAbsent(List<Wanted> timers) {
        if (timers.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(
                "insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)"
                        + " values");
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < timers.size(); i++) {
            Wanted timer = timers.get(i);
            sql.append(i == 0 ? " " : ", ").append("(:task%1$d, :instance%1$d, :data%1$d, :at%1$d, false, 1)"
                    .formatted(i));
            params.put("task" + i, timer.task());
            params.put("instance" + i, timer.instance());
            params.put("data" + i, DeadlineConfiguration.TIMER_DATA.serialize(timer.data()));
            params.put("at" + i, SqlTime.of(timer.at()));
        }
        jdbc.sql(sql.append(" on conflict do nothing").toString()).params(params).update();
    }

    /**
     * Deletes every timer of the dispute but one being run right now: that one is the firing that ended the dispute
     * (or one that waits for the dispute's lock and will find nothing to do), and db-scheduler removes it itself
     * when the run ends, checking that the row is still there. SQL rather than {@link SchedulerClient#cancel}: that
     * takes one exact timer name, and the names of timers whose due time moved on are not known here. The statement
     * runs on the change's connection, like the scheduling, and finds the rows by {@code scheduled_tasks.dispute_id}
     * (V15), a column the database derives from the timer's name.
     */
    private void deleteTimersOf(UUID disputeId) {
        jdbc.sql("delete from scheduled_tasks where dispute_id = :dispute and picked = false")
                .param("dispute", disputeId.toString())
                .update();
    }

    /** Schedules the end of the order's buyer-protection period, when one runs (idempotent). */
    void scheduleProtectionOf(String orderId) {
        protection.endOf(orderId).ifPresent(end -> {
            ProtectionTimer timer = new ProtectionTimer(orderId, end);
            scheduleIfAbsent(List.of(new Wanted(protectionTask.getName(), timer.name(), timer, end)));
        });
    }

    private Changed changedInThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new Changed(false);
        }
        return TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(Changed.class::isInstance).map(Changed.class::cast).findFirst()
                .orElseGet(() -> {
                    Changed changed = new Changed(true);
                    TransactionSynchronizationManager.registerSynchronization(changed);
                    return changed;
                });
    }

    /** What one transaction changed: several events of one change schedule once, with the state it ends in. */
    private final class Changed implements TransactionSynchronization {

        private final boolean inTransaction;
        private final Set<UUID> disputes = new LinkedHashSet<>();
        private final Set<String> orders = new LinkedHashSet<>();

        private Changed(boolean inTransaction) {
            this.inTransaction = inTransaction;
        }

        void scheduleUnlessInTransaction() {
            if (!inTransaction) {
                schedule();
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            schedule();
        }

        private void schedule() {
            disputes.forEach(DueTimers.this::scheduleFor);
            orders.forEach(DueTimers.this::scheduleProtectionOf);
        }

        /** First at commit, so that any later check of the transaction's writes finds the timers among them. */
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
