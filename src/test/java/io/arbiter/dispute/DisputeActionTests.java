package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeFixtures.AGENT;
import static io.arbiter.dispute.DisputeFixtures.BUYER;
import static io.arbiter.dispute.DisputeFixtures.INTEGRATION;
import static io.arbiter.dispute.DisputeFixtures.OTHER_AGENT;
import static io.arbiter.dispute.DisputeFixtures.SELLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;

/** The rule table: what each caller is offered is exactly what the transitions' guard lets through. */
class DisputeActionTests {

    private static final Map<String, Supplier<Dispute>> STATES = Map.of(
            "awaiting seller", DisputeFixtures::disputeAwaitingSeller,
            "awaiting buyer", DisputeFixtures::disputeAwaitingBuyer,
            "in the agents' queue", DisputeFixtures::disputeUnderReview,
            "with an agent", DisputeFixtures::disputeWithAgent,
            "awaiting return address", DisputeFixtures::disputeAwaitingReturnAddress,
            "awaiting return shipment", DisputeFixtures::disputeAwaitingReturnShipment,
            "awaiting return receipt", () -> DisputeFixtures.disputeAwaitingReturnReceipt(
                    DisputeFixtures.fullRefundWithReturn(), 700));

    private static final List<Participant> CALLERS = List.of(BUYER, SELLER, AGENT, OTHER_AGENT, INTEGRATION);

    @ParameterizedTest
    @EnumSource(DisputeAction.class)
    void guardLetsThroughExactlyTheOfferedActionsInEveryState(DisputeAction action) {
        STATES.forEach((state, dispute) -> {
            for (Participant caller : CALLERS) {
                Dispute d = dispute.get();
                if (d.actionsFor(caller).contains(action)) {
                    assertThatCode(() -> d.require(action, caller)).as("%s by %s when %s", action, caller.id(), state)
                            .doesNotThrowAnyException();
                } else {
                    assertThatThrownBy(() -> d.require(action, caller)).as("%s by %s when %s", action, caller.id(),
                            state).isInstanceOfAny(ForbiddenException.class, StateConflictException.class,
                            RuleViolationException.class);
                }
            }
        });
    }

    @Test
    void refusesWithForbiddenWhatACallersSideNeverDoes() {
        Dispute dispute = DisputeFixtures.disputeWithAgent();

        assertThatThrownBy(() -> dispute.require(DisputeAction.DECIDE, BUYER)).isInstanceOf(ForbiddenException.class)
                .hasMessage("Decide is not something the buyer can do on this dispute");
        assertThatThrownBy(() -> dispute.require(DisputeAction.WITHDRAW, SELLER)).isInstanceOf(ForbiddenException.class)
                .hasMessage("Withdraw is not something the seller can do on this dispute");
        assertThatThrownBy(() -> dispute.require(DisputeAction.DECIDE, OTHER_AGENT))
                .isInstanceOf(ForbiddenException.class).hasMessage("this case is assigned to another agent");
    }

    @Test
    void listsABuyersEscalationAsBlockedWhileRequiredEvidenceIsMissing() {
        Dispute dispute = DisputeFixtures.disputeAwaitingBuyer().withEvidence(() -> Optional.of(
                new EvidenceChecklist.Checklist(List.of(new EvidenceChecklist.Item("defect-photos",
                        "photos showing the defects", Set.of("PHOTO"), false, 0, List.of())), false)));

        assertThat(dispute.actionsFor(BUYER)).doesNotContain(DisputeAction.ESCALATE);
        assertThat(dispute.blockedActionsFor(BUYER)).singleElement().satisfies(blocked -> {
            assertThat(blocked.action()).isEqualTo(DisputeAction.ESCALATE);
            assertThat(blocked.missing()).containsExactly("defect-photos");
        });
        assertThat(dispute.blockedActionsFor(SELLER)).isEmpty();
        assertThatThrownBy(() -> dispute.require(DisputeAction.ESCALATE, BUYER))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("evidence"));
    }
}
