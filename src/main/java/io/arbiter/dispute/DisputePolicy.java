package io.arbiter.dispute;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The windows of each waiting step ({@code arbiter.policy.*}, ISO-8601 or "5d" durations) and what happens when
 * each runs out. The due time of a step is the moment the step began plus its window.
 *
 * @param notAsDescribedEvidenceAfterDelivery for "not as described", evidence is also due this long after
 *                                            delivery (null: no such limit)
 * @param buyerProtection how long after delivery the payment stays held when no dispute is open
 * @param reminders how long before a due time the party that must act is reminded
 */
@ConfigurationProperties("arbiter.policy")
public record DisputePolicy(String version, Duration sellerResponse, Duration buyerResponse, Duration evidence,
                            Duration notAsDescribedEvidenceAfterDelivery, Duration returnAddress,
                            Duration returnShipment, Duration returnReceipt, Duration informationRequest,
                            Duration agentReview, Duration buyerProtection, List<Duration> reminders,
                            Outcomes outcomes) {

    /** What happens when each due time passes. */
    public record Outcomes(DeadlineOutcome evidenceMissing, DeadlineOutcome sellerSilent,
                           DeadlineOutcome buyerSilent, DeadlineOutcome returnAddressMissing,
                           DeadlineOutcome returnNotShipped, DeadlineOutcome returnReceiptNotConfirmed,
                           DeadlineOutcome informationNotProvided, DeadlineOutcome agentReviewOverdue) {

        public Outcomes {
            evidenceMissing = orDefault(evidenceMissing, DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR);
            sellerSilent = orDefault(sellerSilent, DeadlineOutcome.ACCEPT_CLAIM);
            buyerSilent = orDefault(buyerSilent, DeadlineOutcome.APPLY_LATEST_OFFER);
            returnAddressMissing = orDefault(returnAddressMissing, DeadlineOutcome.REFUND_BUYER);
            returnNotShipped = orDefault(returnNotShipped, DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR);
            returnReceiptNotConfirmed = orDefault(returnReceiptNotConfirmed, DeadlineOutcome.REFUND_BUYER);
            informationNotProvided = orDefault(informationNotProvided, DeadlineOutcome.NOTIFY_AGENT);
            agentReviewOverdue = orDefault(agentReviewOverdue, DeadlineOutcome.FLAG_IN_QUEUE);
        }
    }

    public DisputePolicy {
        version = version == null ? "default" : version;
        sellerResponse = orDefault(sellerResponse, Duration.ofDays(5));
        buyerResponse = orDefault(buyerResponse, Duration.ofDays(5));
        evidence = orDefault(evidence, Duration.ofDays(7));
        returnAddress = orDefault(returnAddress, Duration.ofDays(5));
        returnShipment = orDefault(returnShipment, Duration.ofDays(10));
        returnReceipt = orDefault(returnReceipt, Duration.ofDays(15));
        informationRequest = orDefault(informationRequest, Duration.ofDays(3));
        agentReview = orDefault(agentReview, Duration.ofDays(2));
        buyerProtection = orDefault(buyerProtection, Duration.ofDays(15));
        reminders = reminders == null ? List.of(Duration.ofHours(48), Duration.ofHours(24)) : List.copyOf(reminders);
        outcomes = outcomes == null ? new Outcomes(null, null, null, null, null, null, null, null) : outcomes;
    }

    public static DisputePolicy defaults() {
        return new DisputePolicy(null, null, null, null, Duration.ofDays(3), null, null, null, null, null, null, null,
                null);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
