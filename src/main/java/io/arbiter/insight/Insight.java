package io.arbiter.insight;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeStatus;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** The figures, for those who may read them: the desk's for admins and the integration, a party's for agents too. */
@Service
@Transactional(readOnly = true)
public class Insight {

    private final InsightQueries queries;
    private final PartyQueries parties;
    private final EventHistoryQueries history;
    private final DurationPercentiles durations;
    private final Clock clock;

    Insight(InsightQueries queries, PartyQueries parties, EventHistoryQueries history, DurationPercentiles durations,
            Clock clock) {
        this.queries = queries;
        this.parties = parties;
        this.history = history;
        this.durations = durations;
        this.clock = clock;
    }

    public MetricsWindow window(Instant from, Instant to) {
        return MetricsWindow.of(from, to, clock);
    }

    /** The desk's figures over the window, of one reason's disputes or (null) of all. */
    public DisputeMetrics disputes(Actor actor, MetricsWindow window, DisputeReason reason) {
        if (!actor.isOneOf(Role.ADMIN, Role.INTEGRATION)) {
            throw new ForbiddenException("dispute metrics are for admins and the marketplace integration");
        }
        Map<String, Long> byReason = zeros(reason == null ? DisputeReason.values() : new DisputeReason[] {reason});
        Map<String, Long> byStatus = zeros(DisputeStatus.values());
        Map<String, Long> byCurrency = new TreeMap<>();
        InsightQueries.Rolled rolled = queries.rolled(window, reason);
        long opened = 0;
        for (InsightQueries.Count count : queries.opened(rolled, reason)) {
            opened += count.count();
            byReason.merge(count.reason(), count.count(), Long::sum);
            byStatus.merge(count.status(), count.count(), Long::sum);
            byCurrency.merge(count.currency(), count.count(), Long::sum);
        }
        Map<String, Long> byOutcome = new TreeMap<>();
        Map<String, Long> bySettledBy = new TreeMap<>();
        long closed = 0;
        for (InsightQueries.Ending ending : queries.closed(rolled, reason)) {
            closed += ending.count();
            if (ending.outcome() != null) {
                byOutcome.merge(ending.outcome(), ending.count(), Long::sum);
            }
            if (ending.settledBy() != null) {
                bySettledBy.merge(ending.settledBy(), ending.count(), Long::sum);
            }
        }
        DurationPercentiles.Percentiles resolution =
                durations.of(DurationPercentiles.Figure.RESOLVED, window, reason).get(0);
        List<DisputeMetrics.AgentReviews> reviews = durations.of(DurationPercentiles.Figure.REVIEWED, window, reason)
                .stream().map(agent -> new DisputeMetrics.AgentReviews(agent.party(), agent.count(), agent.p50Seconds(),
                        agent.p90Seconds()))
                .toList();
        Instant now = clock.instant();
        InsightQueries.Backlog backlog = queries.backlog(now, reason);
        return new DisputeMetrics(window.from(), window.to(), now,
                new DisputeMetrics.Opened(opened, byReason, byStatus, byCurrency),
                new DisputeMetrics.Closed(closed, byOutcome, bySettledBy, new DisputeMetrics.Durations(
                        resolution.count(), resolution.p50Seconds(), resolution.p90Seconds())),
                queries.money(rolled, reason), history.dueTimesPassed(rolled, reason), reviews,
                new DisputeMetrics.Backlog(backlog.open(), backlog.byStatus(), backlog.awaitingAgent(),
                        backlog.overdueReviews()));
    }

    public PartyMetrics.Buyer buyer(Actor actor, String buyerId, MetricsWindow window) {
        requirePartyReader(actor);
        return parties.buyer(buyerId, window);
    }

    public PartyMetrics.Seller seller(Actor actor, String sellerId, MetricsWindow window) {
        requirePartyReader(actor);
        PartyQueries.SellerCounts counts = parties.seller(sellerId, window);
        EventHistoryQueries.FirstAnswers answers = history.sellersFirstAnswers(sellerId, window);
        return new PartyMetrics.Seller(sellerId, window.from(), window.to(), counts.received(),
                counts.settledBeforeAgent(), PartyMetrics.share(counts.settledBeforeAgent(), counts.received()),
                answers.medianSeconds(), answers.answered(), counts.escalated(), counts.decisionsAgainst());
    }

    static void requirePartyReader(Actor actor) {
        if (!actor.isOneOf(Role.ADMIN, Role.INTEGRATION, Role.AGENT)) {
            throw new ForbiddenException("a party's metrics are for agents, admins and the marketplace integration");
        }
    }

    private static Map<String, Long> zeros(Enum<?>[] values) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Enum<?> value : values) {
            map.put(value.name(), 0L);
        }
        return map;
    }
}
