package io.arbiter.insight;

import java.time.Instant;

/** One party's record over a window: the disputes on its orders opened in it. Durations in seconds. */
public final class PartyMetrics {

    private PartyMetrics() {
    }

    /**
     * @param refunded     closed with money back to the buyer
     * @param rejected     an agent rejected the claim
     * @param withdrawn    the buyer withdrew
     * @param escalated    reached the agents' queue
     * @param evidenceFlags integrity flags raised on evidence the buyer supplied to these disputes
     */
    public record Buyer(String buyerId, Instant from, Instant to, long opened, long refunded, long rejected,
                        long withdrawn, long escalated, double escalatedShare, long evidenceFlags) {
    }

    /**
     * @param settledBeforeAgent closed by the two parties (the seller accepted, or they agreed) without an agent
     * @param medianFirstAnswerSeconds from opening to the seller's first step; null when the seller never answered
     * @param decisionsAgainst   an agent decided for the buyer (any resolution but rejecting the claim)
     */
    public record Seller(String sellerId, Instant from, Instant to, long received, long settledBeforeAgent,
                         double settledBeforeAgentShare, Long medianFirstAnswerSeconds, long answered,
                         long escalated, long decisionsAgainst) {
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
