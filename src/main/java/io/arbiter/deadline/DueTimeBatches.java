package io.arbiter.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.deadline.Timers.DueTimer;
import io.arbiter.deadline.Timers.ReminderTimer;
import io.arbiter.dispute.DueTime;

/**
 * Fires the dispute timers that are due, many in one transaction: it claims a batch of {@code dispute_timer} rows
 * ({@code for update skip locked}, so another instance or worker claims others), passes each through the ordinary
 * dispute methods ({@link DueTimeFiring}: the dispute decides, as for one timer), and commits the changes, their
 * events, fan-out rows and new timers, and the deletion of the fired timers, together. The row locks are the claim:
 * an instance that dies mid-batch leaves nothing claimed, its transaction rolls back and the timers are due again.
 *
 * <p>A timer that fails rolls the batch back, is put off (one second, doubling with each failure in a row, at most
 * an hour) and the rest of the batch is claimed again at once, without it. A rollback, not a savepoint per dispute:
 * what a change leaves in memory until the commit (the disputes a transaction holds, the timers it will write,
 * what it announces after committing) would survive a rollback to a savepoint and act on a change that never was.
 * A batch that fails when it commits, where the timer at fault is unknown, fires its timers one per transaction.
 * Disputes are taken in the order of their ids, so two batches that share disputes never wait for each other in
 * a circle.
 */
@Component
public class DueTimeBatches {

    private static final Logger log = LoggerFactory.getLogger(DueTimeBatches.class);
    private static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_WAIT = Duration.ofHours(1);

    private final DueTimeFiring firing;
    private final DueTimers timers;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DueTimeBatches(DueTimeFiring firing, DueTimers timers, JdbcClient jdbc, PlatformTransactionManager transactions,
                   Clock clock) {
        this.firing = firing;
        this.timers = timers;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** How a batch went: how many timers it claimed, and the failures of those that were put off. */
    public record Batch(int claimed, List<RuntimeException> failures) {
    }

    /** A claimed row of {@code dispute_timer}; {@code before} is set for a reminder. */
    private record Claimed(String name, UUID disputeId, DueTime dueTime, Instant dueAt, Duration before,
                           int failures) {
    }

    /** What a batch got to before it failed. */
    private static final class Progress {
        private List<Claimed> claimed = List.of();
        private Claimed firing;
    }

    /** Fires, in one transaction, up to {@code limit} timers due by the application's clock. */
    public Batch fireDue(int limit) {
        Progress progress = new Progress();
        try {
            transaction.executeWithoutResult(status -> fire(claim(limit, List.of()), progress));
            return new Batch(progress.claimed.size(), List.of());
        } catch (RuntimeException e) {
            if (progress.firing != null) {
                putOff(progress.firing, e);
                return new Batch(progress.claimed.size(), List.of(e));
            }
            if (progress.claimed.isEmpty()) {
                throw e;
            }
            log.warn("A batch of {} due times failed as it committed; firing them one at a time",
                    progress.claimed.size(), e);
            return new Batch(progress.claimed.size(), oneAtATime(progress.claimed));
        }
    }

    /** How many dispute timers are due by the application's clock (those put off after a failure are not). */
    public int due() {
        return jdbc.sql("select count(*) from dispute_timer where fire_at <= :now")
                .param("now", SqlTime.of(clock.instant())).query(Integer.class).single();
    }

    private List<RuntimeException> oneAtATime(List<Claimed> claimed) {
        List<RuntimeException> failures = new ArrayList<>();
        for (Claimed timer : claimed) {
            try {
                transaction.executeWithoutResult(status -> fire(claim(1, List.of(timer.name())), new Progress()));
            } catch (RuntimeException e) {
                putOff(timer, e);
                failures.add(e);
            }
        }
        return failures;
    }

    private void fire(List<Claimed> claimed, Progress progress) {
        progress.claimed = claimed;
        List<Claimed> inOrder = claimed.stream()
                .sorted(Comparator.comparing(Claimed::disputeId).thenComparing(Claimed::dueAt)
                        .thenComparing(timer -> timer.before() == null ? Duration.ZERO : timer.before(),
                                Comparator.reverseOrder()))
                .toList();
        for (Claimed timer : inOrder) {
            progress.firing = timer;
            if (timer.before() == null) {
                firing.pass(new DueTimer(timer.disputeId(), timer.dueTime(), timer.dueAt()));
            } else {
                firing.remind(new ReminderTimer(timer.disputeId(), timer.dueTime(), timer.dueAt(), timer.before()));
            }
        }
        progress.firing = null;
        timers.fired(claimed.stream().map(Claimed::name).toList());
    }

    /** Locks up to {@code limit} due timers (of {@code names}, when given) that no other transaction holds. */
    private List<Claimed> claim(int limit, List<String> names) {
        Map<String, Object> params = new HashMap<>();
        params.put("now", SqlTime.of(clock.instant()));
        params.put("limit", limit);
        String onlyNamed = "";
        if (!names.isEmpty()) {
            onlyNamed = " and name in (:names)";
            params.put("names", names);
        }
        return jdbc.sql("""
                        select name, dispute_id, due_time, due_at, remind_before, failures from dispute_timer
                        where fire_at <= :now%s
                        order by fire_at fetch first :limit rows only
                        for update skip locked""".formatted(onlyNamed))
                .params(params)
                .query((rs, row) -> {
                    String before = rs.getString("remind_before");
                    return new Claimed(rs.getString("name"), rs.getObject("dispute_id", UUID.class),
                            DueTime.valueOf(rs.getString("due_time")), SqlTime.instant(rs, "due_at"),
                            before == null ? null : Duration.parse(before), rs.getInt("failures"));
                })
                .list();
    }

    /** Puts a timer that failed off, longer with each failure in a row; the rest of its batch goes on without it. */
    private void putOff(Claimed timer, RuntimeException failure) {
        Duration wait = FIRST_RETRY_AFTER.multipliedBy(1L << Math.min(timer.failures(), 20));
        if (wait.compareTo(LONGEST_RETRY_WAIT) > 0) {
            wait = LONGEST_RETRY_WAIT;
        }
        Instant next = clock.instant().plus(wait);
        boolean collided = failure instanceof ConcurrencyFailureException
                || failure.getCause() instanceof ConcurrencyFailureException;
        if (collided) {
            log.debug("Due time {} collided with another change of its dispute; firing it again at {}",
                    timer.name(), next, failure);
        } else {
            log.warn("Due time {} failed ({} in a row); firing it again at {}", timer.name(), timer.failures() + 1,
                    next, failure);
        }
        transaction.executeWithoutResult(status -> jdbc.sql("""
                        update dispute_timer set fire_at = :next, failures = failures + 1 where name = :name""")
                .param("next", SqlTime.of(next)).param("name", timer.name()).update());
    }
}
