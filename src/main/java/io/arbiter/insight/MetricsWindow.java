package io.arbiter.insight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.arbiter.common.RuleViolationException;

/**
 * The period figures are taken over: {@code from} inclusive, {@code to} exclusive. Bounded so that one request
 * aggregates at most a year of disputes.
 */
public record MetricsWindow(Instant from, Instant to) {

    public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);
    public static final Duration MAX_LENGTH = Duration.ofDays(366);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** The window asked for; either end may be missing: {@code to} is then now, {@code from} 30 days before it. */
    public static MetricsWindow of(Instant from, Instant to, Clock clock) {
        Instant now = clock.instant();
        Instant end = to != null ? to : from != null && from.plus(DEFAULT_LENGTH).isBefore(now)
                ? from.plus(DEFAULT_LENGTH) : now;
        Instant start = from != null ? from : end.minus(DEFAULT_LENGTH);
        if (start.isBefore(EARLIEST)) {
            throw new RuleViolationException("from", "from must not be before " + EARLIEST);
        }
        if (end.isAfter(now.plus(Duration.ofDays(1)))) {
            throw new RuleViolationException("to", "to must not be more than a day ahead of now");
        }
        if (!start.isBefore(end)) {
            throw new RuleViolationException("from", "from must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new RuleViolationException("from", "the window from " + start + " to " + end
                    + " is longer than the most allowed, 366 days");
        }
        return new MetricsWindow(start, end);
    }
}
