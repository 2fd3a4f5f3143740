package io.arbiter.deadline;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;

import io.arbiter.common.RuleViolationException;

/**
 * Demo mode: moves the application clock forward and lets what became due fire before answering, so that the
 * next request already shows the outcome.
 */
@Component
@ConditionalOnBooleanProperty("arbiter.demo.enabled")
public class DemoTime {

    private static final Duration LONGEST_STEP = Duration.ofDays(366);
    /** How long to wait for what became due; a demo database has little to fire. */
    private static final Duration WAIT_AT_MOST = Duration.ofSeconds(20);

    private final DemoClock clock;
    private final Scheduler scheduler;
    private final DueTimeBatches batches;
    private final ObjectProvider<DueTimePoller> poller;

    DemoTime(DemoClock clock, Scheduler scheduler, DueTimeBatches batches, ObjectProvider<DueTimePoller> poller) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.batches = batches;
        this.poller = poller;
    }

    /** The time after the step, how far the clock is ahead of real time, and how many timers are still due. */
    public record Moved(Instant now, Duration offset, int stillDue) {
    }

    public Moved advance(Duration by) {
        if (by == null || by.isNegative() || by.isZero() || by.compareTo(LONGEST_STEP) > 0) {
            throw new RuleViolationException("advanceBy", "move the clock forward by more than nothing and at most "
                    + LONGEST_STEP.toDays() + " days, such as P2D or PT6H");
        }
        clock.advance(by);
        return new Moved(clock.instant(), clock.offset(), runDue());
    }

    public Moved now() {
        return new Moved(clock.instant(), clock.offset(), due());
    }

    /**
     * Wakes the scheduler and the due-time workers and waits, a bounded time, until nothing due is left; returns how
     * many still are.
     */
    private int runDue() {
        if (!scheduler.getSchedulerState().isStarted()) {
            return due();
        }
        Instant giveUp = clock.instant().plus(WAIT_AT_MOST);
        int due = due();
        while (due > 0 && clock.instant().isBefore(giveUp)) {
            scheduler.triggerCheckForDueExecutions();
            poller.ifAvailable(DueTimePoller::wake);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            due = due();
        }
        return due;
    }

    /** The dispute timers and the db-scheduler timers (buyer protection) due now. */
    private int due() {
        Instant now = clock.instant();
        return batches.due() + (int) scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all()).stream()
                .filter(execution -> !execution.getExecutionTime().isAfter(now))
                .count();
    }
}
