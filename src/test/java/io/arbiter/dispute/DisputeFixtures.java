package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.test.util.ReflectionTestUtils;

import io.arbiter.dispute.policy.PolicyFile;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;

/**
 * Disputes in each state, the people around them and the orders they are about, built through the
 * aggregate's own methods so that every fixture is a state the rules can reach. No Spring, no database, and no
 * logins: the people are the dispute's {@link Participant participants}, as the service resolves callers.
 */
final class DisputeFixtures {

    static final Instant START = Instant.parse("2030-03-04T10:00:00Z");
    static final DisputePolicy POLICY = PolicyFile.shipped();

    static final String ORDER_ID = "order-1001";
    static final String CURRENCY = "EUR";
    /** What the buyer paid and the marketplace holds, in cents. */
    static final long HELD = 5000;

    static final Participant BUYER = new Participant(Party.BUYER, "buyer-ada", "Ada Buyer");
    static final Participant SELLER = new Participant(Party.SELLER, "seller-sam", "Sam's Shop");
    static final Participant AGENT = new Participant(Party.AGENT, "agent-ann", "Ann Agent");
    static final Participant OTHER_AGENT = new Participant(Party.AGENT, "agent-ben", "Ben Agent");
    static final Participant INTEGRATION = new Participant(Party.INTEGRATION, "marketplace-backend", "Marketplace");

    static final String RETURN_ADDRESS = "Sam's Shop, 1 Dock Road, Rotterdam";

    private DisputeFixtures() {
    }

    // ------------------------------------------------------------------ time

    static Instant hoursLater(long hours) {
        return START.plus(Duration.ofHours(hours));
    }

    static Instant daysLater(long days) {
        return START.plus(Duration.ofDays(days));
    }

    // ------------------------------------------------------------------ orders

    /** One piece, delivered according to tracking. */
    static Dispute.OrderFacts deliveredOrder() {
        return new Dispute.OrderFacts(ORDER_ID, BUYER.id(), SELLER.id(), CURRENCY, HELD, 1, true, false,
                daysLater(-3));
    }

    /** Three pieces, delivered. */
    static Dispute.OrderFacts deliveredOrderOfSeveralPieces() {
        return new Dispute.OrderFacts(ORDER_ID, BUYER.id(), SELLER.id(), CURRENCY, HELD, 3, true, false,
                daysLater(-3));
    }

    /** Tracking shows the parcel on its way and the promised delivery date is still ahead. */
    static Dispute.OrderFacts orderInTransitWithinPromisedWindow() {
        return new Dispute.OrderFacts(ORDER_ID, BUYER.id(), SELLER.id(), CURRENCY, HELD, 1, false, true,
                daysLater(4));
    }

    /** Never delivered, and the promised delivery date has passed. */
    static Dispute.OrderFacts orderLateAfterPromisedWindow() {
        return new Dispute.OrderFacts(ORDER_ID, BUYER.id(), SELLER.id(), CURRENCY, HELD, 1, false, false,
                daysLater(-2));
    }

    // ------------------------------------------------------------------ claims

    static Dispute.Claim qualityIssueAsking(Terms requested) {
        return new Dispute.Claim(DisputeReason.QUALITY_ISSUE, "The seams come apart", 1, requested, null, null, null,
                null);
    }

    static Dispute.Claim claimFor(DisputeReason reason, Terms requested) {
        return switch (reason) {
            case NOT_AS_DESCRIBED -> notAsDescribedAsking(requested, List.of(redInsteadOfBlue()));
            case HELD_BY_CUSTOMS -> new Dispute.Claim(reason, "Customs kept it", 1, requested, null, null,
                    CustomsCause.MISSING_INVOICE_OR_LICENCE, null);
            default -> new Dispute.Claim(reason, "Something is wrong", 1, requested, null, null, null, null);
        };
    }

    static Dispute.Claim notReceivedAsking(Terms requested, String statement) {
        return new Dispute.Claim(DisputeReason.NOT_RECEIVED, "Nothing arrived", 1, requested, null, statement, null,
                null);
    }

    static Dispute.Claim notAsDescribedAsking(Terms requested, List<Difference> differences) {
        return new Dispute.Claim(DisputeReason.NOT_AS_DESCRIBED, "Not the colour listed", 1, requested, differences,
                null, null, null);
    }

    static Difference redInsteadOfBlue() {
        return new Difference("colour", "navy blue", "bright red");
    }

    static Terms fullRefundWithReturn() {
        return Terms.of(ResolutionType.FULL_REFUND_WITH_RETURN);
    }

    static Terms fullRefundWithReturnAtSellersCost() {
        return new Terms(ResolutionType.FULL_REFUND_WITH_RETURN, null, true);
    }

    // ------------------------------------------------------------------ disputes in each state

    static Dispute open(Dispute.OrderFacts order, Dispute.Claim claim) {
        return Dispute.open(UUID.randomUUID(), order, claim, BUYER, POLICY, START);
    }

    /** A quality issue on a delivered order, the buyer asking for {@code requested}; the seller must answer. */
    static Dispute disputeAwaitingSellerAsking(Terms requested) {
        return open(deliveredOrder(), qualityIssueAsking(requested));
    }

    /** A quality issue, the buyer asking for a full refund with return; the seller must answer. */
    static Dispute disputeAwaitingSeller() {
        return disputeAwaitingSellerAsking(fullRefundWithReturn());
    }

    /** The seller countered the claim with a partial refund of 1500 one hour in; the buyer must answer. */
    static Dispute disputeAwaitingBuyer() {
        return disputeAwaitingSeller().negotiation().makeOffer(SELLER, Terms.partialRefund(1500), "Keep it", hoursLater(1));
    }

    /** The buyer escalated the seller's counter-offer two hours in; the case waits in the agents' queue. */
    static Dispute disputeUnderReview() {
        return disputeAwaitingBuyer().negotiation().escalate(BUYER, "Too little", hoursLater(2));
    }

    /** {@link #AGENT} took the escalated case three hours in. */
    static Dispute disputeWithAgent() {
        return disputeUnderReview().review().takeCase(AGENT, hoursLater(3));
    }

    /** The seller accepted a full refund with return one hour in; it must confirm the return address. */
    static Dispute disputeAwaitingReturnAddress() {
        Dispute dispute = disputeAwaitingSeller();
        return dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, null, hoursLater(1));
    }

    /** The seller accepted the return and gave its address one hour in; the buyer must ship. */
    static Dispute disputeAwaitingReturnShipment() {
        return disputeAwaitingReturnShipment(fullRefundWithReturn());
    }

    static Dispute disputeAwaitingReturnShipment(Terms requested) {
        Dispute dispute = disputeAwaitingSellerAsking(requested);
        return dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, RETURN_ADDRESS, hoursLater(1));
    }

    /** The buyer shipped the return a day in, paying {@code shippingCost} for it; the seller must confirm receipt. */
    static Dispute disputeAwaitingReturnReceipt(Terms requested, long shippingCost) {
        return disputeAwaitingReturnShipment(requested).returns().shipReturn(BUYER, "DHL", "JD0146000012345", shippingCost,
                daysLater(1));
    }

    // ------------------------------------------------------------------ events

    /** Everything the dispute registered, in order. */
    static List<Object> events(Dispute dispute) {
        List<?> events = (List<?>) ReflectionTestUtils.getField(dispute, "events");
        return List.copyOf(events);
    }

    static <T> List<T> events(Dispute dispute, Class<T> type) {
        return events(dispute).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one money outcome the dispute registered; fails when there is none or more than one. */
    static DisputeClosed closedEvent(Dispute dispute) {
        List<DisputeClosed> closed = events(dispute, DisputeClosed.class);
        if (closed.size() != 1) {
            throw new AssertionError("expected exactly one DisputeClosed event but found " + closed);
        }
        return closed.get(0);
    }
}
