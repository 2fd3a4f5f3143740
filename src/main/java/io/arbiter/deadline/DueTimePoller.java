package io.arbiter.deadline;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's workers ({@code arbiter.deadline.workers}), each firing batches of due timers
 * ({@link DueTimeBatches}) back to back while they come full or with a failure put off, and otherwise waiting
 * {@code arbiter.deadline.poll-interval}, or until {@link #wake()}. Absent with
 * {@code arbiter.deadline.executor-enabled=false}. Started once the application is up, stopped before it goes down.
 */
@Component
@ConditionalOnBooleanProperty(name = "arbiter.deadline.executor-enabled", matchIfMissing = true)
class DueTimePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueTimePoller.class);
    private static final long STOP_WAITS_AT_MOST_MILLIS = 30_000;

    private final DueTimeBatches batches;
    private final DeadlineProperties settings;
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private long wakeUps;
    private volatile boolean running;

    DueTimePoller(DueTimeBatches batches, DeadlineProperties settings) {
        this.batches = batches;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 1; i <= settings.workers(); i++) {
            Thread worker = new Thread(this::work, "due-times-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        for (Thread worker : workers) {
            try {
                worker.join(STOP_WAITS_AT_MOST_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Has idle workers look for due timers now (the demo clock moved, say). */
    void wake() {
        synchronized (signal) {
            wakeUps++;
            signal.notifyAll();
        }
    }

    private void work() {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = wakeUps;
            }
            boolean more;
            try {
                DueTimeBatches.Batch batch = batches.fireDue(settings.batchSize());
                more = batch.claimed() == settings.batchSize() || !batch.failures().isEmpty();
            } catch (RuntimeException e) {
                log.warn("Could not fire the due timers; looking again in {}", settings.pollInterval(), e);
                more = false;
            }
            if (!more) {
                idle(seen);
            }
        }
    }

    private void idle(long seen) {
        long until = System.nanoTime() + settings.pollInterval().toNanos();
        synchronized (signal) {
            long left;
            while (running && wakeUps == seen && (left = until - System.nanoTime()) > 0) {
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
