/**
 * Due times, enforced by the server exactly once even when nobody is looking. Every change of a dispute (and every
 * delivery or dispute ending of an order) schedules, in its own transaction, a persistent db-scheduler timer for
 * each due time that then runs: the current step's, the evidence's, the reminders before each, and the order's
 * buyer-protection period. A timer is named after its due time, so scheduling is idempotent and a due time that
 * moved on leaves its old timer to find, when it fires, that there is nothing to do; a dispute that runs no due
 * time any more (every closed one) deletes its timers in the same transaction. A firing reads the dispute
 * under its lock and lets the dispute decide: the rules of what happens are guarded methods of
 * {@link io.arbiter.dispute.Dispute}, acting as the system. Agents extend due times through the dispute API; in
 * demo mode an admin moves the clock ({@link io.arbiter.deadline.DemoClock}). Owns the {@code scheduled_tasks},
 * {@code deadline_reminder} and {@code deadline_backfill} tables. Only the pages depend on it (an admin moves the demo clock).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "order"})
package io.arbiter.deadline;
