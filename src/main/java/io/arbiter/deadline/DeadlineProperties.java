package io.arbiter.deadline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.deadline.*}: how this instance fires the dispute timers that are due (README "Configuration").
 *
 * @param executorEnabled whether this instance fires due times at all (off: it only schedules them)
 * @param batchSize       the most timers one transaction claims and fires
 * @param workers         how many batches this instance fires at once, each on a connection of its own
 * @param pollInterval    how often an idle worker looks for due timers; a full batch is followed at once by the next
 */
@ConfigurationProperties("arbiter.deadline")
record DeadlineProperties(Boolean executorEnabled, Integer batchSize, Integer workers, Duration pollInterval) {

    DeadlineProperties {
        executorEnabled = executorEnabled == null || executorEnabled;
        batchSize = batchSize == null ? 100 : batchSize;
        workers = workers == null ? 2 : workers;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        if (batchSize < 1 || batchSize > 5000) {
            throw new IllegalArgumentException("arbiter.deadline.batch-size must be from 1 to 5000");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("arbiter.deadline.workers must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("arbiter.deadline.poll-interval must be positive");
        }
    }
}
