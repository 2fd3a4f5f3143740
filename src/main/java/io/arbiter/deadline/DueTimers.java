package io.arbiter.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * Keeps a timer for every due time that runs: a row of {@code dispute_timer} for a dispute's due times and
 * reminders, a db-scheduler task for the end of an order's buyer protection. Whatever changes a dispute or an
 * order's delivery notes it here; just before that transaction commits, the due times are read once (under the lock
 * the change holds) and their timers written on the change's connection, so the timers commit or roll back with the
 * change. A due time that moved on leaves its timer to fire and do nothing while the dispute runs; a dispute that runs
 * no due time any more (every closed one) has its timers deleted by the same change. A batch of firings
 * ({@link DueTimeBatches}) hands over the timers it fired: they are deleted after the batch's changes wrote theirs.
 */
@Component
class DueTimers {

    /** Rows per insert statement: seven parameters each, far below PostgreSQL's 65,535 a statement. */
    private static final int ROWS_PER_INSERT = 1000;

    private final OneTimeTask<ProtectionTimer> protectionTask;
    private final DisputeService disputes;
    private final OrderService orders;
    private final BuyerProtection protection;
    private final JdbcClient jdbc;
    private final Clock clock;
    /** PostgreSQL takes {@code for update skip locked} inside a delete's subquery: one statement instead of two. */
    private final boolean skipLockedInSubqueries;

    DueTimers(OneTimeTask<ProtectionTimer> protectionTask, DisputeService disputes, OrderService orders,
              BuyerProtection protection, JdbcClient jdbc, Clock clock, Environment environment) {
        this.skipLockedInSubqueries = DeadlineConfiguration.onPostgres(environment);
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

    /**
     * The timers this transaction (a batch) fired. They are deleted just before it commits, after the timers its
     * changes want: a fired timer that is still wanted (its due time did not move) goes too, instead of firing again.
     */
    void fired(Collection<String> names) {
        Changed changed = changedInThisTransaction();
        changed.fired.addAll(names);
        changed.scheduleUnlessInTransaction();
    }

    /** Schedules the timers of every due time the dispute runs now (idempotent); with none running, removes them. */
    void scheduleFor(UUID disputeId) {
        List<UUID> ended = new ArrayList<>();
        insert(wantedBy(disputeId, ended));
        delete(Set.of(), ended);
    }

    /**
     * The timers of the due times the dispute runs now; with none running, none, and the dispute joins
     * {@code ended}, whose timers go.
     */
    private List<Row> wantedBy(UUID disputeId, List<UUID> ended) {
        Optional<RunningDueTimes> running = disputes.runningDueTimes(disputeId);
        if (running.isEmpty()) {
            return List.of();
        }
        if (running.get().current() == null && running.get().evidence() == null) {
            ended.add(disputeId);
            return List.of();
        }
        Instant now = clock.instant();
        List<Row> timers = new ArrayList<>();
        for (DueTime dueTime : DueTime.values()) {
            Instant due = running.get().of(dueTime);
            if (due == null) {
                continue;
            }
            timers.add(new Row(new DueTimer(disputeId, dueTime, due).name(), disputeId, dueTime, due, null, due));
            for (Duration before : running.get().reminders()) {
                // A reminder whose moment has passed is not sent late: it would tell of more time than is left.
                if (due.minus(before).isAfter(now)) {
                    ReminderTimer reminder = new ReminderTimer(disputeId, dueTime, due, before);
                    timers.add(new Row(reminder.name(), disputeId, dueTime, due, before, due.minus(before)));
                }
            }
        }
        return timers;
    }

    /** A row of {@code dispute_timer}; {@code before} is null for the due time itself and set for a reminder. */
    private record Row(String name, UUID disputeId, DueTime dueTime, Instant dueAt, Duration before, Instant fireAt) {
    }

    /** One statement for the timers of all the disputes a transaction changed; a timer that exists is left alone. */
    private void insert(List<Row> timers) {
        for (int from = 0; from < timers.size(); from += ROWS_PER_INSERT) {
            List<Row> rows = timers.subList(from, Math.min(timers.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("insert into dispute_timer"
                    + " (name, dispute_id, due_time, due_at, remind_before, fire_at) values");
            Map<String, Object> params = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                sql.append(i == 0 ? " " : ", ").append("(:name%1$d, :dispute%1$d, :dueTime%1$d, :dueAt%1$d,"
                        .formatted(i)).append(" :before%1$d, :fireAt%1$d)".formatted(i));
                params.put("name" + i, row.name());
                params.put("dispute" + i, row.disputeId());
                params.put("dueTime" + i, row.dueTime().name());
                params.put("dueAt" + i, SqlTime.of(row.dueAt()));
                params.put("before" + i, row.before() == null ? null : row.before().toString());
                params.put("fireAt" + i, SqlTime.of(row.fireAt()));
            }
            jdbc.sql(sql.append(" on conflict do nothing").toString()).params(params).update();
        }
    }

    /**
     * The timers of the disputes, to delete, but those another batch holds right now: that batch waits for the
     * dispute's lock, then finds nothing to do and deletes them itself. Skipping them keeps this change from waiting
     * for another instance's batch. (A batch's own timers are among those returned: its locks do not keep it out.)
     */
    private List<String> freeTimersOf(List<UUID> disputeIds) {
        if (disputeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select name from dispute_timer where dispute_id in (:disputes) for update skip locked")
                .param("disputes", disputeIds).query(String.class).list();
    }

    /** Deletes the named timers and the free timers (see {@link #freeTimersOf}) of the disputes that ended. */
    private void delete(Collection<String> names, List<UUID> ended) {
        if (names.isEmpty() && !ended.isEmpty() && skipLockedInSubqueries) {
            // "= any(array(...))": the subquery runs once, and the names it gives are looked up by the primary key.
            jdbc.sql("delete from dispute_timer where name = any(array(select name from dispute_timer"
                            + " where dispute_id in (:disputes) for update skip locked))")
                    .param("disputes", ended).update();
            return;
        }
        Set<String> going = new LinkedHashSet<>(names);
        going.addAll(freeTimersOf(ended));
        if (!going.isEmpty()) {
            jdbc.sql("delete from dispute_timer where name in (:names)").param("names", going).update();
        }
    }

    /**
     * Schedules the end of the order's buyer-protection period, when one runs (idempotent). One statement, where
     * db-scheduler's {@code scheduleIfNotExists} sends a lookup and an insert: the row is the one db-scheduler
     * writes (same columns, its serializer, not picked, version 1), and one that exists already is left alone.
     */
    void scheduleProtectionOf(String orderId) {
        protection.endOf(orderId).ifPresent(end -> {
            ProtectionTimer timer = new ProtectionTimer(orderId, end);
            jdbc.sql("""
                            insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                                                         version)
                            values (:task, :instance, :data, :at, false, 1) on conflict do nothing""")
                    .param("task", protectionTask.getName())
                    .param("instance", timer.name())
                    .param("data", DeadlineConfiguration.TIMER_DATA.serialize(timer))
                    .param("at", SqlTime.of(end))
                    .update();
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
        private final Set<String> fired = new LinkedHashSet<>();

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

        /** The timers of every dispute changed written in one statement, and those to go deleted in another. */
        private void schedule() {
            List<Row> wanted = new ArrayList<>();
            List<UUID> ended = new ArrayList<>();
            disputes.forEach(disputeId -> wanted.addAll(wantedBy(disputeId, ended)));
            insert(wanted);
            orders.forEach(DueTimers.this::scheduleProtectionOf);
            delete(fired, ended);
        }

        /** First at commit, so that any later check of the transaction's writes finds the timers among them. */
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
