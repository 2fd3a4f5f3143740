package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeFixtures.AGENT;
import static io.arbiter.dispute.DisputeFixtures.BUYER;
import static io.arbiter.dispute.DisputeFixtures.SELLER;
import static io.arbiter.dispute.DisputeFixtures.daysLater;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingSeller;
import static io.arbiter.dispute.DisputeFixtures.disputeUnderReview;
import static io.arbiter.dispute.DisputeFixtures.disputeWithAgent;
import static io.arbiter.dispute.DisputeFixtures.events;
import static io.arbiter.dispute.DisputeFixtures.hoursLater;
import static io.arbiter.dispute.DisputeFixtures.notAsDescribedAsking;
import static io.arbiter.dispute.DisputeFixtures.open;
import static io.arbiter.dispute.DisputeFixtures.redInsteadOfBlue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.arbiter.dispute.policy.PolicyFile;
import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeEvents.DisputeEscalated;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.DueTimeExtended;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.identity.Actor;

/** What the dispute does when a due time passes, the rules the engine relies on: no Spring, no database. */
class DisputeDueTimeTests {

    private static final Instant SELLER_DUE = daysLater(5);

    @Test
    void escalatesASilentSellerWhereThePolicySaysSo() {
        Dispute dispute = disputeAwaitingSeller().withPolicy(policyWhere(DeadlineOutcome.ESCALATE, null));

        assertThat(dispute.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE)).isTrue();

        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.awaiting()).isEqualTo(Party.AGENT);
        assertThat(dispute.escalatedBy()).isEqualTo(Party.NOBODY);
        assertThat(dispute.reviewDueAt()).isEqualTo(SELLER_DUE.plus(Duration.ofDays(2)));
        DisputeEscalated escalated = events(dispute, DisputeEscalated.class).get(0);
        assertThat(escalated.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(EventTexts.english(escalated, "EUR")).isEqualTo("Arbiter escalated the dispute to the"
                + " marketplace's agents: “The seller did not act by Mar 9, 2030, 10:00 AM UTC: the case goes to the"
                + " marketplace's agents”");
    }

    @Test
    void enforcesADueTimeOnceAndOnlyOnceItHasPassed() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(dispute.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE.minusSeconds(1))).isFalse();
        assertThat(dispute.dueTimes().passCurrentDueTime(daysLater(4), SELLER_DUE)).as("a timer for another due time").isFalse();
        assertThat(events(dispute, DueTimePassed.class)).isEmpty();
        assertThat(dispute.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE)).isTrue();
        assertThat(dispute.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE)).isFalse();
        assertThat(events(dispute, DueTimePassed.class)).hasSize(1);
    }

    @Test
    void withNothingOnTheTableFromTheOtherSideTheSilentSideLoses() {
        Dispute declined = disputeAwaitingSeller().withPolicy(policyWhere(DeadlineOutcome.APPLY_LATEST_OFFER, null));
        declined.negotiation().declineOffer(SELLER, null, "No", hoursLater(1));

        declined.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE);

        assertThat(events(declined, DueTimePassed.class).get(0).outcome()).isEqualTo(DeadlineOutcome.ACCEPT_CLAIM);
        assertThat(declined.outcome().terms()).isEqualTo(Terms.of(ResolutionType.FULL_REFUND_WITH_RETURN));
        assertThat(declined.outcome().settledBy()).isEqualTo(SettledBy.DUE_TIME_PASSED);
    }

    @Test
    void refusesAnOutcomeThatDoesNotFitTheStep() {
        Dispute dispute = disputeAwaitingSeller().withPolicy(policyWhere(DeadlineOutcome.FLAG_IN_QUEUE, null));

        assertThatThrownBy(() -> dispute.dueTimes().passCurrentDueTime(SELLER_DUE, SELLER_DUE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FLAG_IN_QUEUE");
    }

    @Test
    void flagsAnOverdueReviewUntilAnAgentActs() {
        Dispute dispute = disputeUnderReview();
        Instant reviewDue = dispute.reviewDueAt();

        dispute.dueTimes().passCurrentDueTime(reviewDue, reviewDue);
        assertThat(dispute.reviewOverdue()).isTrue();
        assertThat(dispute.dueTimes().runningDueTimes(null).current()).as("enforced, so no longer running").isNull();

        dispute.review().takeCase(AGENT, reviewDue.plusSeconds(60));
        assertThat(dispute.reviewOverdue()).isFalse();
        assertThat(dispute.dueTimes().passCurrentDueTime(reviewDue, reviewDue.plusSeconds(120))).isFalse();
    }

    @Test
    void wantsNotAsDescribedEvidenceWithinTheWindowAfterDeliveryCountedFromTheOpeningAtTheEarliest() {
        Dispute dispute = open(DisputeFixtures.deliveredOrder(), notAsDescribedAsking(Terms.partialRefund(1000),
                List.of(redInsteadOfBlue())));

        assertThat(dispute.dueTimes().evidenceDue(null)).as("not delivered: the evidence window").isEqualTo(daysLater(7));
        assertThat(dispute.dueTimes().evidenceDue(daysLater(-3))).as("delivered before the opening").isEqualTo(daysLater(3));
        assertThat(dispute.dueTimes().evidenceDue(daysLater(1))).as("delivered after the opening").isEqualTo(daysLater(4));
        assertThat(dispute.dueTimes().evidenceDue(daysLater(6))).as("the evidence window still caps it").isEqualTo(daysLater(7));
        assertThat(disputeAwaitingSeller().dueTimes().evidenceDue(daysLater(-3))).as("other reasons").isEqualTo(daysLater(7));
    }

    @Test
    void remindsThePartyThatMustActOnlyWithinTheReminderAndWhileItsDueTimeRuns() {
        Dispute dispute = disputeAwaitingSeller();
        Duration twoDays = Duration.ofHours(48);

        assertThat(dispute.dueTimes().reminder(DueTime.CURRENT, SELLER_DUE, twoDays, null, false,
                SELLER_DUE.minus(twoDays).minusSeconds(1))).isEmpty();
        assertThat(dispute.dueTimes().reminder(DueTime.CURRENT, SELLER_DUE, twoDays, null, false, SELLER_DUE.minus(twoDays)))
                .map(DueTimeApproaching::party).contains(Party.SELLER);
        assertThat(dispute.dueTimes().reminder(DueTime.CURRENT, SELLER_DUE, twoDays, null, false, SELLER_DUE)).isEmpty();
        assertThat(dispute.dueTimes().reminder(DueTime.EVIDENCE, daysLater(7), twoDays, null, true, daysLater(5)))
                .as("the evidence is there").isEmpty();
        assertThat(dispute.dueTimes().reminder(DueTime.EVIDENCE, daysLater(7), twoDays, null, false, daysLater(5)))
                .map(DueTimeApproaching::party).contains(Party.BUYER);

        dispute.negotiation().makeOffer(SELLER, Terms.partialRefund(1000), null, daysLater(1));
        assertThat(dispute.dueTimes().reminder(DueTime.CURRENT, SELLER_DUE, twoDays, null, false, SELLER_DUE.minus(twoDays)))
                .as("the step moved on").isEmpty();
    }

    @Test
    void anAgentExtendsTheInformationRequestItsPartyMustAnswer() {
        Dispute dispute = disputeWithAgent();
        dispute.review().requestInformation(AGENT, Party.BUYER, "A photo?", daysLater(1), hoursLater(4));

        assertThatThrownBy(() -> dispute.dueTimes().extendDueTime(AGENT, DueTime.CURRENT, daysLater(1), "More", null,
                hoursLater(5))).isInstanceOf(RuleViolationException.class).hasMessageContaining("later");
        dispute.dueTimes().extendDueTime(AGENT, DueTime.CURRENT, daysLater(2), " Travelling ", null, hoursLater(5));

        assertThat(dispute.dueAt()).isEqualTo(daysLater(2));
        assertThat(dispute.informationRequest().dueAt()).isEqualTo(daysLater(2));
        DueTimeExtended extended = events(dispute, DueTimeExtended.class).get(0);
        assertThat(extended.party()).isEqualTo(Party.BUYER);
        assertThat(extended.from()).isEqualTo(daysLater(1));
        assertThat(extended.reason()).isEqualTo("Travelling");
        assertThat(dispute.dueTimes().passCurrentDueTime(daysLater(1), daysLater(1))).as("the old due time").isFalse();
    }

    @Test
    void noAgentExtendsADisputeTheAgentsCannotSee() {
        assertThat(disputeAwaitingSeller().actionsFor(AGENT)).doesNotContain(DisputeAction.EXTEND_DUE_TIME);
        assertThat(disputeAwaitingSeller().actionsFor(BUYER)).doesNotContain(DisputeAction.EXTEND_DUE_TIME);
    }

    /** The default policy with other outcomes for a silent seller or buyer (null: the default). */
    private static DisputePolicy policyWhere(DeadlineOutcome sellerSilent, DeadlineOutcome buyerSilent) {
        DisputePolicy defaults = PolicyFile.shipped();
        DisputePolicy.Outcomes outcomes = defaults.outcomes();
        return new DisputePolicy(defaults.version(), defaults.sellerResponse(), defaults.buyerResponse(),
                defaults.evidence(), defaults.notAsDescribedEvidenceAfterDelivery(), defaults.returnAddress(),
                defaults.returnShipment(), defaults.returnReceipt(), defaults.informationRequest(),
                defaults.agentReview(), defaults.buyerProtection(), defaults.reminders(),
                new DisputePolicy.Outcomes(outcomes.evidenceMissing(),
                        sellerSilent == null ? outcomes.sellerSilent() : sellerSilent,
                        buyerSilent == null ? outcomes.buyerSilent() : buyerSilent, outcomes.returnAddressMissing(),
                        outcomes.returnNotShipped(), outcomes.returnReceiptNotConfirmed(),
                        outcomes.informationNotProvided(), outcomes.agentReviewOverdue()),
                defaults.reasons());
    }
}
