package io.arbiter.insight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeSummary;
import io.arbiter.identity.Actor;

/**
 * What the agents' pages show of the two parties: their records over the last 12 months on a case page, and badges
 * where a party crosses a threshold of the policy in force ({@code badges} in the policy file). Named for the templates ({@code @partyRecords}).
 */
@Component("partyRecords")
@Transactional(readOnly = true)
public class PartyRecords {

    static final Duration RECORD_PERIOD = Duration.ofDays(365);

    /** {@code kind} BUYER_DISPUTES or SELLER_DECISIONS_AGAINST: {@code count} over the last {@code days}. */
    public record Badge(String kind, long count, long days) {
    }

    public record OfCase(PartyMetrics.Buyer buyer, PartyMetrics.Seller seller, List<Badge> badges) {
    }

    private final Insight insight;
    private final PartyQueries queries;
    private final DisputePolicies policies;
    private final Clock clock;

    PartyRecords(Insight insight, PartyQueries queries, DisputePolicies policies, Clock clock) {
        this.insight = insight;
        this.queries = queries;
        this.policies = policies;
        this.clock = clock;
    }

    public OfCase ofCase(Actor agent, String buyerId, String sellerId) {
        Instant now = clock.instant();
        MetricsWindow year = new MetricsWindow(now.minus(RECORD_PERIOD), now);
        return new OfCase(insight.buyer(agent, buyerId, year), insight.seller(agent, sellerId, year),
                new Counts(List.of(buyerId), List.of(sellerId)).badges(buyerId, sellerId));
    }

    /** The badges of each listed dispute's parties, by the dispute's id; disputes with none are not in the map. */
    public Map<UUID, List<Badge>> badges(Actor agent, List<DisputeSummary> disputes) {
        Insight.requirePartyReader(agent);
        Map<UUID, List<Badge>> badges = new HashMap<>();
        if (!disputes.isEmpty()) {
            Counts counts = new Counts(disputes.stream().map(DisputeSummary::buyerId).toList(),
                    disputes.stream().map(DisputeSummary::sellerId).toList());
            for (DisputeSummary dispute : disputes) {
                List<Badge> these = counts.badges(dispute.buyerId(), dispute.sellerId());
                if (!these.isEmpty()) {
                    badges.put(dispute.id(), these);
                }
            }
        }
        return badges;
    }

    /** The figures the thresholds are about, for the given parties over the badge window. */
    private final class Counts {

        private final DisputePolicy.Badges thresholds = policies.inForce().badges();
        private final Map<String, Long> opened;
        private final Map<String, Long> against;

        Counts(List<String> buyerIds, List<String> sellerIds) {
            Instant now = clock.instant();
            MetricsWindow window = new MetricsWindow(now.minus(thresholds.window()), now);
            this.opened = queries.disputesOpenedBy(buyerIds, window);
            this.against = queries.decisionsAgainst(sellerIds, window);
        }

        List<Badge> badges(String buyerId, String sellerId) {
            long days = thresholds.window().toDays();
            List<Badge> badges = new ArrayList<>();
            long buyer = opened.getOrDefault(buyerId, 0L);
            if (buyer >= thresholds.buyerDisputes()) {
                badges.add(new Badge("BUYER_DISPUTES", buyer, days));
            }
            long seller = against.getOrDefault(sellerId, 0L);
            if (seller >= thresholds.sellerDecisionsAgainst()) {
                badges.add(new Badge("SELLER_DECISIONS_AGAINST", seller, days));
            }
            return badges;
        }
    }
}
