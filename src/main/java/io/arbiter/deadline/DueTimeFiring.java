package io.arbiter.deadline;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.deadline.Timers.DueTimer;
import io.arbiter.deadline.Timers.ProtectionTimer;
import io.arbiter.deadline.Timers.ReminderTimer;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.EvidenceChecklist;
import io.arbiter.dispute.RunningDueTimes;

/**
 * What a timer does when it fires. Each reads the dispute or order under its lock first, so a change made meanwhile
 * is either seen whole or waits for the firing's transaction to end: a dispute's due times and reminders run in the
 * transaction of their batch ({@link DueTimeBatches}), the end of buyer protection in one of its own. A timer whose
 * due time moved on finds nothing to do, so a timer that runs twice changes nothing the second time; a reminder is
 * noted in {@code deadline_reminder} so that it, too, goes out once.
 */
@Component
class DueTimeFiring {

    private static final Logger log = LoggerFactory.getLogger(DueTimeFiring.class);
    /** A firing that collides with another change of the same order (a tracking update, say) is simply redone. */
    private static final int ATTEMPTS = 3;

    private final DisputeService disputes;
    private final BuyerProtection protection;
    private final ObjectProvider<EvidenceChecklist> evidence;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DueTimeFiring(DisputeService disputes, BuyerProtection protection, ObjectProvider<EvidenceChecklist> evidence,
                  JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.disputes = disputes;
        this.protection = protection;
        this.evidence = evidence;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** In the caller's transaction. */
    void pass(DueTimer timer) {
        if (timer.dueTime() == DueTime.CURRENT) {
            disputes.passCurrentDueTime(timer.disputeId(), timer.dueAt());
            return;
        }
        Optional<RunningDueTimes> running = disputes.runningDueTimes(timer.disputeId())
                .filter(dueTimes -> timer.dueAt().equals(dueTimes.evidence()));
        if (running.isEmpty()) {
            return;
        }
        Optional<Boolean> supplied = evidenceSupplied(running.get());
        if (supplied.isEmpty()) {
            log.warn("No evidence checklist is available: the evidence due time {} of dispute {} is not enforced",
                    timer.dueAt(), timer.disputeId());
            return;
        }
        disputes.passEvidenceDueTime(timer.disputeId(), timer.dueAt(), supplied.get());
    }

    /** In the caller's transaction. */
    void remind(ReminderTimer timer) {
        if (!firstTime(timer)) {
            return;
        }
        boolean supplied = timer.dueTime() == DueTime.EVIDENCE && disputes.runningDueTimes(timer.disputeId())
                .flatMap(this::evidenceSupplied).orElse(false);
        disputes.remind(timer.disputeId(), timer.dueTime(), timer.dueAt(), timer.before(), supplied);
    }

    void endProtection(ProtectionTimer timer) {
        inTransaction(() -> protection.endIfOver(timer.orderId()));
    }

    private Optional<Boolean> evidenceSupplied(RunningDueTimes dispute) {
        return Optional.ofNullable(evidence.getIfAvailable()).map(checklist -> checklist
                .of(dispute.disputeId(), dispute.evidenceRequired(), dispute.piecesAffected()).complete());
    }

    /** Notes the reminder as sent; false when it was already. */
    private boolean firstTime(ReminderTimer timer) {
        return jdbc.sql("""
                        insert into deadline_reminder (dispute_id, due_time, due_at, remind_before, sent_at)
                        values (:dispute, :dueTime, :dueAt, :before, :now)
                        on conflict do nothing""")
                .param("dispute", timer.disputeId())
                .param("dueTime", timer.dueTime().name())
                .param("dueAt", SqlTime.of(timer.dueAt()))
                .param("before", timer.before().toString())
                .param("now", SqlTime.of(clock.instant()))
                .update() == 1;
    }

    private void inTransaction(Runnable firing) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction.executeWithoutResult(status -> firing.run());
                return;
            } catch (RuntimeException e) {
                boolean collided = e instanceof ConcurrencyFailureException
                        || e.getCause() instanceof ConcurrencyFailureException;
                if (!collided || attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("a due time collided with another change; firing it again", e);
            }
        }
    }
}
