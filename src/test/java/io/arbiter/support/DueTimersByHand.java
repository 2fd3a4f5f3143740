package io.arbiter.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.context.ApplicationContext;

import com.github.kagkarlsson.scheduler.PollingStrategyConfig;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;

import io.arbiter.deadline.DueTimeBatches;

/**
 * The application's timers, driven by hand on the test's thread: {@link #runDue()} fires what a polling instance
 * would fire at the test clock's time: the dispute timers in batches, as the instance's workers do, and db-scheduler's
 * (buyer protection) with the application's tasks, table, data format, polling strategy and heartbeat settings.
 * ApiTest contexts start neither, so nothing fires behind a test. A dispute timer that fails fails the test.
 */
public final class DueTimersByHand {

    /** Small, so that a test with a few disputes also runs more than one batch. */
    private static final int BATCH_SIZE = 5;

    private final ManualScheduler scheduler;
    private final DueTimeBatches batches;
    private final SettableClock schedulerClock = new SettableClock();
    private final TestClock clock;
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DueTimersByHand(ApplicationContext context) {
        this.clock = context.getBean(TestClock.class);
        this.batches = context.getBean(DueTimeBatches.class);
        DbSchedulerProperties properties = context.getBean(DbSchedulerProperties.class);
        if (properties.getMissedHeartbeatsLimit() != SchedulerBuilder.DEFAULT_MISSED_HEARTBEATS_LIMIT) {
            throw new IllegalStateException("db-scheduler's manual scheduler only knows a missed-heartbeats-limit of "
                    + SchedulerBuilder.DEFAULT_MISSED_HEARTBEATS_LIMIT);
        }
        List<Task<?>> tasks = new ArrayList<>();
        context.getBeansOfType(Task.class).values().forEach(tasks::add);
        TestHelper.ManualSchedulerBuilder builder = TestHelper.createManualScheduler(context.getBean(DataSource.class),
                tasks).clock(schedulerClock).tableName(properties.getTableName())
                .pollingStrategy(new PollingStrategyConfig(properties.getPollingStrategy(),
                        properties.getPollingStrategyLowerLimitFractionOfThreads(),
                        properties.getPollingStrategyUpperLimitFractionOfThreads()));
        if (properties.isAlwaysPersistTimestampInUtc()) {
            builder.alwaysPersistTimestampInUTC();
        }
        builder.serializer(context.getBean(DbSchedulerCustomizer.class).serializer().orElseThrow());
        builder.heartbeatInterval(properties.getHeartbeatInterval());
        builder.addSchedulerListener(new AbstractSchedulerListener() {
            @Override
            public void onExecutionComplete(ExecutionComplete complete) {
                complete.getCause().ifPresent(failures::add);
            }
        });
        this.scheduler = builder.build();
    }

    /** Runs every timer due at the test clock's time, and what those schedule for that time, until none is left. */
    public void runDue() {
        for (int pass = 0; pass < 100; pass++) {
            schedulerClock.set(clock.instant());
            scheduler.runAnyDueExecutions();
            DueTimeBatches.Batch batch;
            do {
                batch = batches.fireDue(BATCH_SIZE);
                failures.addAll(batch.failures());
            } while (batch.claimed() == BATCH_SIZE && batch.failures().isEmpty());
            if (!failures.isEmpty()) {
                AssertionError failed = new AssertionError("a timer failed: " + failures.get(0), failures.get(0));
                failures.clear();
                throw failed;
            }
            if (due().isEmpty() && batches.due() == 0) {
                return;
            }
        }
        throw new AssertionError("timers are still due after 100 passes: " + describe(due()) + " and "
                + batches.due() + " of disputes");
    }

    /** What a live instance's housekeeping does every other heartbeat: timers whose heartbeat stopped are revived. */
    public void detectDeadExecutions() {
        schedulerClock.set(clock.instant());
        scheduler.runDeadExecutionDetection();
    }

    /** Every db-scheduler timer (buyer protection; a dispute's are rows of dispute_timer). */
    public List<ScheduledExecution<Object>> timers() {
        return scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all());
    }

    public List<ScheduledExecution<Object>> due() {
        Instant now = clock.instant();
        return scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all().withPicked(false)).stream()
                .filter(timer -> !timer.getExecutionTime().isAfter(now)).toList();
    }

    private static List<String> describe(List<ScheduledExecution<Object>> timers) {
        return timers.stream().map(timer -> timer.getTaskInstance() + " at " + timer.getExecutionTime()).toList();
    }
}
