package io.arbiter.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.arbiter.dispute.DueTime;

/**
 * What each timer carries and the name it is stored under. A name says which due time the timer is for, so
 * scheduling the same due time twice makes one timer. A dispute's due times and reminders are rows of
 * {@code dispute_timer}, claimed in batches ({@link DueTimeBatches}); the end of buyer protection is a db-scheduler
 * task (its data as JSON in {@code scheduled_tasks.task_data}). Migration V23 reads the two dispute task names
 * below to carry the timers db-scheduler held over to {@code dispute_timer}.
 */
final class Timers {

    static final String DUE_TIME = "dispute-due-time";
    static final String REMINDER = "dispute-reminder";
    static final String BUYER_PROTECTION = "buyer-protection";

    private Timers() {
    }

    /** A dispute's due time: when it passes, the silent party's outcome applies. */
    record DueTimer(UUID disputeId, DueTime dueTime, Instant dueAt) {

        String name() {
            return disputeId + "/" + dueTime + "/" + dueAt;
        }
    }

    /** A reminder {@code before} a dispute's due time, for the party that must act. */
    record ReminderTimer(UUID disputeId, DueTime dueTime, Instant dueAt, Duration before) {

        String name() {
            return disputeId + "/" + dueTime + "/" + dueAt + "/" + before;
        }
    }

    /** The end of an order's buyer-protection period: a payment still held with no dispute open is released. */
    record ProtectionTimer(String orderId, Instant endsAt) {

        String name() {
            return orderId + "/" + endsAt;
        }
    }
}
