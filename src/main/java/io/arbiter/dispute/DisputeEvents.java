package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.arbiter.common.Money;
import io.arbiter.dispute.DisputeEvent.Wire;
import io.arbiter.identity.Actor;

/**
 * The events of a dispute's life, past tense: data only, and every event that starts a wait carries the due time
 * it starts (as the dispute's own policy version set it), so nobody recomputes it from the policy in force (amounts in minor units of the order's currency, times,
 * reasons, who). Their words are written where they are shown, by {@link EventTexts}.
 */
public final class DisputeEvents {

    private DisputeEvents() {
    }

    /**
     * {@code reasonLabel}: what the policy the dispute was opened under calls its reason; {@code dueAt}: the seller's
     * answer is due then; {@code evidenceDueAt}: the evidence the reason requires, if any.
     */
    @Wire(type = "DISPUTE_OPENED", webhook = "dispute.opened")
    public record DisputeOpened(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeReason reason,
                                String reasonLabel, Terms claim, Instant dueAt, Instant evidenceDueAt, Actor actor,
                                Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the other side's answer is due then; none while an agent reviews the case. */
    @Wire(type = "OFFER_MADE", webhook = "dispute.offer_made")
    public record OfferMade(UUID disputeId, UUID offerId, Party by, Terms terms, String note, Instant dueAt, Actor actor,
                            Instant at) implements DisputeEvent {
    }

    @Wire(type = "OFFER_DECLINED", webhook = "dispute.offer_declined")
    public record OfferDeclined(UUID disputeId, UUID offerId, Party by, String note, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "OFFER_ACCEPTED", webhook = "dispute.offer_accepted")
    public record OfferAccepted(UUID disputeId, UUID offerId, Party by, Terms terms, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the buyer's answer is due then; none while an agent reviews the case. */
    @Wire(type = "CLAIM_CONTESTED", webhook = "dispute.contested")
    public record ClaimContested(UUID disputeId, String statement, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the agents' review is due then. */
    @Wire(type = "DISPUTE_ESCALATED", webhook = "dispute.escalated")
    public record DisputeEscalated(UUID disputeId, Party by, String reason, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "CASE_ASSIGNED", webhook = "dispute.case_assigned")
    public record CaseAssigned(UUID disputeId, String agentId, Actor actor, Instant at) implements DisputeEvent {
    }

    @Wire(type = "INFORMATION_REQUESTED", webhook = "dispute.information_requested")
    public record InformationRequested(UUID disputeId, Party from, String question, Instant dueAt, Actor actor,
                                       Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the agents' review, which goes on, is due then. */
    @Wire(type = "INFORMATION_PROVIDED", webhook = "dispute.information_provided")
    public record InformationProvided(UUID disputeId, Party by, String text, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "SUGGESTION_POSTED", webhook = "dispute.suggestion_posted")
    public record SuggestionPosted(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "SUGGESTION_ACCEPTED", webhook = "dispute.suggestion_accepted")
    public record SuggestionAccepted(UUID disputeId, Party by, Actor actor, Instant at) implements DisputeEvent {
    }

    @Wire(type = "PRIVATE_LIMIT_STATED", webhook = Wire.NEVER_SENT)
    public record PrivateLimitStated(UUID disputeId, Party by, long amount, Actor actor, Instant at)
            implements DisputeEvent {
        @Override
        public Visibility visibility() {
            return by == Party.BUYER ? Visibility.BUYER_AND_AGENTS : Visibility.SELLER_AND_AGENTS;
        }
    }

    @Wire(type = "DISPUTE_DECIDED", webhook = "dispute.decided")
    public record DisputeDecided(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the seller's return address is due then. */
    @Wire(type = "RETURN_REQUESTED", webhook = "dispute.return_requested")
    public record ReturnRequested(UUID disputeId, boolean sellerPaysReturnShipping, Instant dueAt, Actor actor,
                                  Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the buyer's shipment of the return is due then. */
    @Wire(type = "RETURN_ADDRESS_CONFIRMED", webhook = "dispute.return_address_confirmed")
    public record ReturnAddressConfirmed(UUID disputeId, String address, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "RETURN_SHIPPED", webhook = "dispute.return_shipped")
    public record ReturnShipped(UUID disputeId, String carrier, String trackingNumber, Long shippingCost, Actor actor,
                                Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the seller's confirmation of receipt is due then. */
    @Wire(type = "RETURN_DELIVERED", webhook = "dispute.return_delivered")
    public record ReturnDelivered(UUID disputeId, Instant deliveredAt, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "RETURN_RECEIVED", webhook = "dispute.return_received")
    public record ReturnReceived(UUID disputeId, Actor actor, Instant at) implements DisputeEvent {
    }

    @Wire(type = "DISPUTE_WITHDRAWN", webhook = "dispute.withdrawn")
    public record DisputeWithdrawn(UUID disputeId, String reason, Actor actor, Instant at) implements DisputeEvent {
    }

    /** A piece of evidence arrived; {@code requirement} names the reason's requirement it supports, if any. */
    @Wire(type = "EVIDENCE_SUBMITTED", webhook = "dispute.evidence_submitted")
    public record EvidenceSubmitted(UUID disputeId, UUID evidenceId, Party by, String kind, String description,
                                    String requirement, Integer piece, String sha256, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** Evidence is never erased: a withdrawn piece stays in the record, marked, and no longer counts. */
    @Wire(type = "EVIDENCE_WITHDRAWN", webhook = "dispute.evidence_withdrawn")
    public record EvidenceWithdrawn(UUID disputeId, UUID evidenceId, Party by, String reason, Actor actor, Instant at)
            implements DisputeEvent {
    }

    @Wire(type = "MESSAGE_POSTED", webhook = "dispute.message_posted")
    public record MessagePosted(UUID disputeId, Party by, String text, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /**
     * The money outcome of a dispute's ending: what the marketplace must refund to the buyer and release to
     * the seller from the held payment, exactly once. A reshipment moves nothing and leaves the hold in place.
     */
    @Wire(type = "DISPUTE_CLOSED", webhook = "dispute.closed")
    public record DisputeClosed(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeStatus status,
                                ResolutionType outcome,
                                SettledBy settledBy, Money refundToBuyer, Money releaseToSeller,
                                Money returnShippingReimbursement, Actor actor, Instant at) implements DisputeEvent {
    }

    /**
     * The party that must act is reminded that its due time is near, {@code before} ahead of it (once per due time
     * and reminder).
     */
    @Wire(type = "DUE_TIME_APPROACHING", webhook = "dispute.due_time_approaching")
    public record DueTimeApproaching(UUID disputeId, DueTime dueTime, Party party, Instant dueAt, Duration before,
                                     Actor actor, Instant at) implements DisputeEvent {
    }

    /**
     * A due time passed and Arbiter acted as the policy says: {@code outcome} is what it did (null when the buyer had
     * supplied the evidence required, so there was nothing to do). The state change it made follows as its own
     * events, exactly as if a person had acted.
     *
     * @param party the party that had to act
     */
    @Wire(type = "DUE_TIME_PASSED", webhook = "dispute.due_time_passed")
    public record DueTimePassed(UUID disputeId, DueTime dueTime, Party party, Instant dueAt, DeadlineOutcome outcome,
                                Actor actor, Instant at) implements DisputeEvent {
    }

    /** An agent gave the party more time, with a reason. */
    @Wire(type = "DUE_TIME_EXTENDED", webhook = "dispute.due_time_extended")
    public record DueTimeExtended(UUID disputeId, DueTime dueTime, Party party, Instant from, Instant until,
                                  String reason, Actor actor, Instant at) implements DisputeEvent {
    }
}
