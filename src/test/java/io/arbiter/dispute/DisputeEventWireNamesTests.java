package io.arbiter.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The names dispute events go by outside Java are public (the record, the timeline, event texts, webhooks): each
 * event declares them once, and they must stay what they were when they were derived from class names.
 */
class DisputeEventWireNamesTests {

    /** Each event's type in the record and its webhook name ("" for never sent), as the API has always named them. */
    private static final Map<Class<? extends DisputeEvent>, List<String>> PUBLISHED = Map.ofEntries(
            Map.entry(DisputeEvents.DisputeOpened.class, List.of("DISPUTE_OPENED", "dispute.opened")),
            Map.entry(DisputeEvents.OfferMade.class, List.of("OFFER_MADE", "dispute.offer_made")),
            Map.entry(DisputeEvents.OfferDeclined.class, List.of("OFFER_DECLINED", "dispute.offer_declined")),
            Map.entry(DisputeEvents.OfferAccepted.class, List.of("OFFER_ACCEPTED", "dispute.offer_accepted")),
            Map.entry(DisputeEvents.ClaimContested.class, List.of("CLAIM_CONTESTED", "dispute.contested")),
            Map.entry(DisputeEvents.DisputeEscalated.class, List.of("DISPUTE_ESCALATED", "dispute.escalated")),
            Map.entry(DisputeEvents.CaseAssigned.class, List.of("CASE_ASSIGNED", "dispute.case_assigned")),
            Map.entry(DisputeEvents.InformationRequested.class, List.of("INFORMATION_REQUESTED", "dispute.information_requested")),
            Map.entry(DisputeEvents.InformationProvided.class, List.of("INFORMATION_PROVIDED", "dispute.information_provided")),
            Map.entry(DisputeEvents.SuggestionPosted.class, List.of("SUGGESTION_POSTED", "dispute.suggestion_posted")),
            Map.entry(DisputeEvents.SuggestionAccepted.class, List.of("SUGGESTION_ACCEPTED", "dispute.suggestion_accepted")),
            Map.entry(DisputeEvents.PrivateLimitStated.class, List.of("PRIVATE_LIMIT_STATED", "")),
            Map.entry(DisputeEvents.DisputeDecided.class, List.of("DISPUTE_DECIDED", "dispute.decided")),
            Map.entry(DisputeEvents.ReturnRequested.class, List.of("RETURN_REQUESTED", "dispute.return_requested")),
            Map.entry(DisputeEvents.ReturnAddressConfirmed.class, List.of("RETURN_ADDRESS_CONFIRMED", "dispute.return_address_confirmed")),
            Map.entry(DisputeEvents.ReturnShipped.class, List.of("RETURN_SHIPPED", "dispute.return_shipped")),
            Map.entry(DisputeEvents.ReturnDelivered.class, List.of("RETURN_DELIVERED", "dispute.return_delivered")),
            Map.entry(DisputeEvents.ReturnReceived.class, List.of("RETURN_RECEIVED", "dispute.return_received")),
            Map.entry(DisputeEvents.DisputeWithdrawn.class, List.of("DISPUTE_WITHDRAWN", "dispute.withdrawn")),
            Map.entry(DisputeEvents.EvidenceSubmitted.class, List.of("EVIDENCE_SUBMITTED", "dispute.evidence_submitted")),
            Map.entry(DisputeEvents.EvidenceWithdrawn.class, List.of("EVIDENCE_WITHDRAWN", "dispute.evidence_withdrawn")),
            Map.entry(DisputeEvents.MessagePosted.class, List.of("MESSAGE_POSTED", "dispute.message_posted")),
            Map.entry(DisputeEvents.DisputeClosed.class, List.of("DISPUTE_CLOSED", "dispute.closed")),
            Map.entry(DisputeEvents.DueTimeApproaching.class, List.of("DUE_TIME_APPROACHING", "dispute.due_time_approaching")),
            Map.entry(DisputeEvents.DueTimePassed.class, List.of("DUE_TIME_PASSED", "dispute.due_time_passed")),
            Map.entry(DisputeEvents.DueTimeExtended.class, List.of("DUE_TIME_EXTENDED", "dispute.due_time_extended")));

    @Test
    void everyEventKeepsTheNamesItWasPublishedUnder() {
        assertThat(DisputeEvent.types()).containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
        PUBLISHED.forEach((type, names) -> {
            DisputeEvent.Wire wire = DisputeEvent.wireOf(type);
            assertThat(List.of(wire.type(), wire.webhook())).as(type.getSimpleName()).isEqualTo(names);
        });
    }

    @Test
    void noTwoEventsShareAName() {
        assertThat(DisputeEvent.types().stream().map(type -> DisputeEvent.wireOf(type).type()))
                .doesNotHaveDuplicates();
        assertThat(DisputeEvent.types().stream().map(type -> DisputeEvent.wireOf(type).webhook())
                .filter(name -> !name.isEmpty())).doesNotHaveDuplicates().allMatch(name -> name.startsWith("dispute."));
    }
}
