package io.arbiter.insight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The desk's figures for Prometheus ({@code /actuator/prometheus}): the backlog now as gauges, read from the
 * database (so every instance reports the same), and due times passed as a counter of this instance's firings
 * (Prometheus sums instances and survives restarts with {@code increase()}).
 */
@Component
class InsightMeters implements MeterBinder {

    /** A scrape reads every gauge; one query per scrape, not one per gauge. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final InsightQueries queries;
    private final Clock clock;
    private MeterRegistry registry;
    private volatile InsightQueries.Backlog backlog;
    private volatile Instant readAt = Instant.MIN;

    InsightMeters(InsightQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (DisputeStatus status : DisputeStatus.values()) {
            if (status != DisputeStatus.RESOLVED && status != DisputeStatus.WITHDRAWN) {
                Gauge.builder("arbiter.disputes.open", this, meters -> meters.backlog().byStatus()
                                .getOrDefault(status.name(), 0L))
                        .description("Open disputes by status").tag("status", status.name()).register(registry);
            }
        }
        Gauge.builder("arbiter.disputes.awaiting.agent", this, meters -> meters.backlog().awaitingAgent())
                .description("Escalated disputes no agent has taken yet").register(registry);
        Gauge.builder("arbiter.reviews.overdue", this, meters -> meters.backlog().overdueReviews())
                .description("Disputes under review past the review's due time").register(registry);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void count(DueTimePassed passed) {
        // An evidence due time the buyer had met passes with nothing to do: not a due time missed.
        if (passed.outcome() != null && registry != null) {
            Counter.builder("arbiter.due.times.passed").description("Due times that passed with the party still to act")
                    .tag("due_time", passed.dueTime().name()).tag("party", passed.party().name())
                    .register(registry).increment();
        }
    }

    private InsightQueries.Backlog backlog() {
        Instant now = clock.instant();
        if (backlog == null || !now.isBefore(readAt.plus(FRESH_FOR)) || now.isBefore(readAt)) {
            backlog = queries.backlog(now, null);
            readAt = now;
        }
        return backlog;
    }
}
