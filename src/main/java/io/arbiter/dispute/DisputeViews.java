package io.arbiter.dispute;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.arbiter.identity.Actor;
import io.arbiter.messaging.OrderConversation;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/**
 * Builds the answer a dispute step returns: the dispute as one viewer sees it (limits, actions and timeline texts
 * differ per party), with its order, conversation and, once closed, its payout progress.
 */
@Component
class DisputeViews {

    private final OrderService orders;
    private final OrderConversation conversation;
    private final Timeline timeline;
    private final DisputePolicies policies;
    private final ObjectProvider<SettlementProgress> settlement;

    DisputeViews(OrderService orders, OrderConversation conversation, Timeline timeline, DisputePolicies policies,
                 ObjectProvider<SettlementProgress> settlement) {
        this.orders = orders;
        this.conversation = conversation;
        this.timeline = timeline;
        this.policies = policies;
        this.settlement = settlement;
    }

    DisputeView view(Dispute d, Actor viewer) {
        OrderView order = orders.find(d.orderId()).orElseThrow();
        Optional<Participant> you = DisputeAccess.participantOf(d, viewer);
        Party party = you.map(Participant::party).orElse(null);
        Party reader = party == null ? Party.AGENT : party;
        boolean agent = party == Party.AGENT;
        var limits = new DisputeView.PrivateLimits(
                party == Party.BUYER || agent ? d.buyerLimit() : null,
                party == Party.SELLER || agent ? d.sellerLimit() : null);
        Offer offer = d.openOffer();
        var negotiation = new DisputeView.Negotiation(
                offer == null ? null : new DisputeView.OfferView(offer.id(), offer.madeBy(), offer.terms(), offer.note(),
                        offer.madeAt()),
                d.negotiationFailed(), d.contested(), d.contestStatement(), d.contestedAt(), limits);
        Suggestion suggestion = d.suggestion();
        var review = d.escalatedAt() == null ? null : new DisputeView.Review(d.escalatedAt(), d.escalatedBy(),
                d.assignedAgentId(), d.reviewDueAt(), d.informationRequest(),
                suggestion == null ? null : new DisputeView.SuggestionView(suggestion.terms(), suggestion.reasons(),
                        suggestion.acceptedBy(Party.BUYER), suggestion.acceptedBy(Party.SELLER), suggestion.postedAt()),
                d.reviewOverdue());
        var outcomeView = outcomeOf(d);
        DisputePolicy.ReasonRules rules = policies.of(d.policyVersion()).rulesOf(d.reason());
        var claim = new DisputeView.Claim(d.reason(), rules.label(), d.description(), d.piecesAffected(),
                d.piecesOrdered(), d.claim().terms(), d.differences(), d.statement(), d.customsCause(),
                d.carrierClaimReference(), rules.evidence(), d.evidence().orElse(null),
                d.dueTimes().evidenceDue(order.shipment().deliveredAt()), d.policyVersion());
        return new DisputeView(d.id(), d.version(), d.orderId(), d.status(), d.awaiting(), d.dueAt(),
                DisputeAccess.actionsFor(d, viewer), you.map(d::blockedActionsFor).orElseGet(List::of), party, claim,
                new DisputeView.Money(d.currency(), d.heldAmount()), negotiation, review, outcomeView, settlementOf(d),
                d.returnShipment(), order,
                conversation.thread(d.orderId()), timeline.read(d.id(), reader), d.openedAt(), d.closedAt());
    }

    /** For notices: the dispute in brief, whoever asks. */
    static DisputeBrief brief(Dispute d) {
        return new DisputeBrief(d.id(), d.orderId(), d.buyerId(), d.sellerId(), d.currency(), d.reason(),
                d.escalatedAt(), d.assignedAgentId(), d.reviewDueAt(), d.returnShipment(), outcomeOf(d));
    }

    private static DisputeView.Outcome outcomeOf(Dispute d) {
        Outcome outcome = d.outcome();
        return outcome == null ? null : new DisputeView.Outcome(outcome.terms(), outcome.settledBy(),
                outcome.reasons(), outcome.settledAt(), outcome.refundToBuyer(), outcome.releaseToSeller(),
                outcome.returnShippingReimbursement());
    }

    // Payout instructions follow from a closing, so an open dispute's answer need not look for them.
    private SettlementProgress.Settlement settlementOf(Dispute d) {
        return d.closedAt() == null ? null
                : settlement.stream().findFirst().flatMap(progress -> progress.of(d.id())).orElse(null);
    }
}
