/**
 * Due times, enforced by the server exactly once even when nobody is looking. Every change of a dispute (and every
 * delivery or dispute ending of an order) schedules, in its own transaction, a persistent timer for each due time
 * that then runs: the current step's, the evidence's and the reminders before each (rows of {@code dispute_timer}),
 * and the order's buyer-protection period (a db-scheduler task). A timer is named after its due time, so scheduling
 * is idempotent and a due time that moved on leaves its old timer to find, when it fires, that there is nothing to
 * do; a dispute that runs no due time any more (every closed one) deletes its timers in the same transaction.
 * Dispute timers fire in batches ({@link io.arbiter.deadline.DueTimeBatches}): a transaction claims many with
 * {@code skip locked}, each firing reads its dispute under its lock and lets the dispute decide (the rules of what
 * happens are guarded methods of {@link io.arbiter.dispute.Dispute}, acting as the system), and the batch commits
 * as one; a timer that fails is put off without holding back the rest. Agents extend due times through the dispute
 * API; in demo mode an admin moves the clock ({@link io.arbiter.deadline.DemoClock}). Owns the
 * {@code dispute_timer}, {@code scheduled_tasks}, {@code deadline_reminder} and {@code deadline_backfill} tables.
 * Only the pages depend on it (an admin moves the demo clock).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "order"})
package io.arbiter.deadline;
