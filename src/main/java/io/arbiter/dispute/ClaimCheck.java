package io.arbiter.dispute;

import java.util.Optional;

import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.Dispute.Claim;
import io.arbiter.dispute.Dispute.OrderFacts;

/** What a claim must be to open a dispute: the rules of its reason, and the order's shipping state. */
final class ClaimCheck {

    private ClaimCheck() {
    }

    /** Refuses a claim the order, its reason's rules or its own parts contradict, naming the field at fault. */
    static void check(OrderFacts order, Claim claim, DisputePolicy.ReasonRules rules) {
        DisputeReason reason = claim.reason();
        if (claim.piecesAffected() < 1 || claim.piecesAffected() > order.pieces()) {
            throw new RuleViolationException("piecesAffected",
                    "pieces affected must be between 1 and " + order.pieces() + " (the pieces ordered)");
        }
        Terms requested = claim.requested().checkedAgainst(order.held(), "resolution");
        if (!rules.buyerMayAsk(requested.type())) {
            throw new RuleViolationException("resolution.type", rules.label() + " allows asking for "
                    + rules.resolutions() + ", not " + requested.type());
        }
        misfit(reason, order).ifPresent(why -> {
            throw new RuleViolationException("reason", why);
        });
        switch (reason) {
            case NOT_RECEIVED -> {
                if (order.delivered() && Dispute.isBlank(claim.statement())) {
                    throw new RuleViolationException("statement", "tracking shows the parcel delivered: describe in a"
                            + " statement where you looked and why you believe it did not reach you");
                }
            }
            case NOT_AS_DESCRIBED -> {
                if (claim.differences() == null || claim.differences().isEmpty()) {
                    throw new RuleViolationException("differences",
                            "list every difference between the listing and what arrived");
                }
            }
            case HELD_BY_CUSTOMS -> {
                if (claim.customsCause() == null) {
                    throw new RuleViolationException("customsCause",
                            "say why customs held the parcel, as the customs documents state it");
                }
            }
            default -> {
            }
        }
        if (reason != DisputeReason.HELD_BY_CUSTOMS && claim.customsCause() != null) {
            throw new RuleViolationException("customsCause", "a customs cause only goes with the customs reason");
        }
        if (reason != DisputeReason.NOT_AS_DESCRIBED && claim.differences() != null && !claim.differences().isEmpty()) {
            throw new RuleViolationException("differences", "differences only go with \"not as described\"");
        }
    }

    /**
     * Why a reason does not fit the order's shipping state, or empty when it fits: a parcel still in transit within
     * its promised window is not yet missing, and a delivered one is no longer held by customs. A delivered parcel
     * may still be claimed as not received, with a statement.
     */
    public static Optional<String> misfit(DisputeReason reason, OrderFacts order) {
        if (reason == DisputeReason.NOT_RECEIVED && order.inTransitWithinPromisedWindow()) {
            return Optional.of("the parcel is in transit and the promised delivery date (" + order.promisedDeliveryBy()
                    + ") has not passed: please wait until then");
        }
        if (reason == DisputeReason.HELD_BY_CUSTOMS && order.delivered()) {
            return Optional.of("tracking shows the parcel delivered, so customs no longer hold it");
        }
        return Optional.empty();
    }
}
