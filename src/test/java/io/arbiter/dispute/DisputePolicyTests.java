package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeFixtures.BUYER;
import static io.arbiter.dispute.DisputeFixtures.POLICY;
import static io.arbiter.dispute.DisputeFixtures.START;
import static io.arbiter.dispute.DisputeFixtures.deliveredOrder;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingSeller;
import static io.arbiter.dispute.DisputeFixtures.fullRefundWithReturn;
import static io.arbiter.dispute.DisputeFixtures.qualityIssueAsking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.arbiter.common.RuleViolationException;

/** The aggregate follows the policy version it was opened under, and only that one. */
class DisputePolicyTests {

    /** The default policy under another version, without the quality-issue reason. */
    private static DisputePolicy withoutQualityIssues() {
        Map<DisputeReason, DisputePolicy.ReasonRules> reasons = new LinkedHashMap<>(POLICY.reasons());
        reasons.remove(DisputeReason.QUALITY_ISSUE);
        return new DisputePolicy("no-quality-issues", POLICY.sellerResponse(), POLICY.buyerResponse(),
                POLICY.evidence(), POLICY.notAsDescribedEvidenceAfterDelivery(), POLICY.returnAddress(),
                POLICY.returnShipment(), POLICY.returnReceipt(), POLICY.informationRequest(), POLICY.agentReview(),
                POLICY.buyerProtection(), POLICY.reminders(), POLICY.outcomes(), reasons);
    }

    @Test
    void remembersTheVersionItWasOpenedUnder() {
        assertThat(disputeAwaitingSeller().policyVersion()).isEqualTo(POLICY.version());
    }

    @Test
    void refusesAReasonThePolicyDoesNotOffer() {
        assertThatThrownBy(() -> Dispute.open(UUID.randomUUID(), deliveredOrder(),
                qualityIssueAsking(fullRefundWithReturn()), BUYER, withoutQualityIssues(), START))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void isNeverGivenTheRulesOfAnotherVersion() {
        Dispute dispute = disputeAwaitingSeller();
        assertThatThrownBy(() -> dispute.withPolicy(withoutQualityIssues()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("follows policy " + POLICY.version() + ", not no-quality-issues");
    }
}
