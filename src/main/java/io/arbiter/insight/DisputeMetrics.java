package io.arbiter.insight;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The marketplace's dispute desk in figures. {@code opened} counts disputes opened in the window (by their status
 * now); {@code closed} those resolved or withdrawn in it; {@code money} what the ledger moved out of disputed
 * orders' escrow in it; {@code backlog} is now, whatever the window. Amounts are in the currency's minor units,
 * durations in seconds.
 */
public record DisputeMetrics(Instant from, Instant to, Instant asOf, Opened opened, Closed closed, List<Money> money,
                             List<DueTimesPassed> dueTimesPassed, List<AgentReviews> agents, Backlog backlog) {

    public record Opened(long total, Map<String, Long> byReason, Map<String, Long> byStatus,
                         Map<String, Long> byCurrency) {
    }

    /** {@code byOutcome}: the resolution applied (withdrawn disputes have none); {@code bySettledBy}: how. */
    public record Closed(long total, Map<String, Long> byOutcome, Map<String, Long> bySettledBy,
                         Durations timeToResolution) {
    }

    /** Nearest-rank percentiles: the smallest duration at least half (nine tenths) of the durations do not exceed. */
    public record Durations(long count, Long p50Seconds, Long p90Seconds) {
    }

    public record Money(String currency, int exponent, long refunded, long released) {
    }

    /** Due times that passed with the party still to act, by which due time ({@code CURRENT}, {@code EVIDENCE}). */
    public record DueTimesPassed(String dueTime, String party, long count) {
    }

    /** Decisions an agent took in the window, and how long from escalation to the decision. */
    public record AgentReviews(String agentId, long decisions, Long p50Seconds, Long p90Seconds) {
    }

    /**
     * Open disputes now: {@code awaitingAgent} escalated and nobody took them yet, {@code overdueReviews} under
     * review past the review's due time.
     */
    public record Backlog(long open, Map<String, Long> byStatus, long awaitingAgent, long overdueReviews) {
    }
}
