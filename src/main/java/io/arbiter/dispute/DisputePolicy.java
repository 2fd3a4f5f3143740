package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeReason.EvidenceRequirement;

/**
 * One version of the marketplace's policy file: the windows of each waiting step, what happens when each runs
 * out, and the reasons a buyer may choose. The due time of a step is the moment the step began plus its window.
 * A dispute keeps the version it was opened under ({@link DisputePolicies}).
 *
 * @param notAsDescribedEvidenceAfterDelivery for not-as-described claims, evidence is also due this long after
 *                                            delivery (null: no such limit)
 * @param buyerProtection how long after delivery the payment stays held when no dispute is open
 * @param reminders how long before a due time the party that must act is reminded
 * @param reasons the reasons offered, in the order the file lists them; a reason missing here is not offered
 * @param badges  when the agents' pages flag a party with a badge
 */
public record DisputePolicy(String version, Duration sellerResponse, Duration buyerResponse, Duration evidence,
                            Duration notAsDescribedEvidenceAfterDelivery, Duration returnAddress,
                            Duration returnShipment, Duration returnReceipt, Duration informationRequest,
                            Duration agentReview, Duration buyerProtection, List<Duration> reminders,
                            Outcomes outcomes, Map<DisputeReason, ReasonRules> reasons, Badges badges) {

    /**
     * When the agents' queue and case page flag a party with a badge: a buyer who opened at least
     * {@code buyerDisputes} disputes, or a seller with at least {@code sellerDecisionsAgainst} agents' decisions
     * against it, within the last {@code window}.
     */
    public record Badges(Duration window, int buyerDisputes, int sellerDecisionsAgainst) {

        /** What a policy that says nothing of badges gets. */
        public static final Badges DEFAULT = new Badges(Duration.ofDays(90), 6, 3);

        public Badges {
            Objects.requireNonNull(window, "window");
        }
    }

    /** A policy without a {@code badges} section: the default badges. */
    public DisputePolicy(String version, Duration sellerResponse, Duration buyerResponse, Duration evidence,
                         Duration notAsDescribedEvidenceAfterDelivery, Duration returnAddress,
                         Duration returnShipment, Duration returnReceipt, Duration informationRequest,
                         Duration agentReview, Duration buyerProtection, List<Duration> reminders,
                         Outcomes outcomes, Map<DisputeReason, ReasonRules> reasons) {
        this(version, sellerResponse, buyerResponse, evidence, notAsDescribedEvidenceAfterDelivery, returnAddress,
                returnShipment, returnReceipt, informationRequest, agentReview, buyerProtection, reminders, outcomes,
                reasons, Badges.DEFAULT);
    }

    /** What happens when each due time passes. */
    public record Outcomes(DeadlineOutcome evidenceMissing, DeadlineOutcome sellerSilent,
                           DeadlineOutcome buyerSilent, DeadlineOutcome returnAddressMissing,
                           DeadlineOutcome returnNotShipped, DeadlineOutcome returnReceiptNotConfirmed,
                           DeadlineOutcome informationNotProvided, DeadlineOutcome agentReviewOverdue) {

        public Outcomes {
            Objects.requireNonNull(evidenceMissing, "evidenceMissing");
            Objects.requireNonNull(sellerSilent, "sellerSilent");
            Objects.requireNonNull(buyerSilent, "buyerSilent");
            Objects.requireNonNull(returnAddressMissing, "returnAddressMissing");
            Objects.requireNonNull(returnNotShipped, "returnNotShipped");
            Objects.requireNonNull(returnReceiptNotConfirmed, "returnReceiptNotConfirmed");
            Objects.requireNonNull(informationNotProvided, "informationNotProvided");
            Objects.requireNonNull(agentReviewOverdue, "agentReviewOverdue");
        }
    }

    /**
     * What one reason asks of the buyer under this policy: the guidance shown before opening, the evidence to
     * bring, and the resolutions the buyer may ask for.
     */
    public record ReasonRules(String label, String guidance, List<EvidenceRequirement> evidence,
                              Set<ResolutionType> resolutions) {

        public ReasonRules {
            evidence = List.copyOf(evidence);
            resolutions = Collections.unmodifiableSet(new LinkedHashSet<>(resolutions));
        }

        public boolean requiresEvidence() {
            return !evidence.isEmpty();
        }

        /** Whether the buyer may ask for this; sellers may always offer more generous terms. */
        public boolean buyerMayAsk(ResolutionType type) {
            return resolutions.contains(type);
        }
    }

    public DisputePolicy {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sellerResponse, "sellerResponse");
        Objects.requireNonNull(buyerResponse, "buyerResponse");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(returnAddress, "returnAddress");
        Objects.requireNonNull(returnShipment, "returnShipment");
        Objects.requireNonNull(returnReceipt, "returnReceipt");
        Objects.requireNonNull(informationRequest, "informationRequest");
        Objects.requireNonNull(agentReview, "agentReview");
        Objects.requireNonNull(buyerProtection, "buyerProtection");
        Objects.requireNonNull(outcomes, "outcomes");
        reminders = List.copyOf(reminders);
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        badges = badges == null ? Badges.DEFAULT : badges;
    }

    /** Whether a buyer may open a dispute for this reason under this policy. */
    public boolean offers(DisputeReason reason) {
        return reasons.containsKey(reason);
    }

    /** The rules of a reason this policy offers; a reason it does not offer is refused (422 naming the reason). */
    public ReasonRules rulesOf(DisputeReason reason) {
        ReasonRules rules = reasons.get(reason);
        if (rules == null) {
            throw new RuleViolationException("reason", reason + " is not offered by the marketplace's policy ("
                    + version + "); choose one of " + reasons.keySet());
        }
        return rules;
    }

    /**
     * When the evidence a dispute for {@code reason} opened at {@code openedAt} must be in: the evidence window after
     * opening; for not-as-described also the window after delivery (counted from the opening when the buyer opened
     * later), whichever comes first. Null when the reason requires no evidence.
     */
    public Instant evidenceDue(DisputeReason reason, Instant openedAt, Instant deliveredAt) {
        if (!rulesOf(reason).requiresEvidence()) {
            return null;
        }
        Instant afterOpening = openedAt.plus(evidence);
        if (reason != DisputeReason.NOT_AS_DESCRIBED || notAsDescribedEvidenceAfterDelivery == null
                || deliveredAt == null) {
            return afterOpening;
        }
        Instant fromDelivery = (deliveredAt.isAfter(openedAt) ? deliveredAt : openedAt)
                .plus(notAsDescribedEvidenceAfterDelivery);
        return fromDelivery.isBefore(afterOpening) ? fromDelivery : afterOpening;
    }
}
