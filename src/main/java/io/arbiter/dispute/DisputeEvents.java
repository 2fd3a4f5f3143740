package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.arbiter.common.Money;
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
    public record DisputeOpened(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeReason reason,
                                String reasonLabel, Terms claim, Instant dueAt, Instant evidenceDueAt, Actor actor,
                                Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the other side's answer is due then; none while an agent reviews the case. */
    public record OfferMade(UUID disputeId, UUID offerId, Party by, Terms terms, String note, Instant dueAt, Actor actor,
                            Instant at) implements DisputeEvent {
    }

    public record OfferDeclined(UUID disputeId, UUID offerId, Party by, String note, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record OfferAccepted(UUID disputeId, UUID offerId, Party by, Terms terms, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the buyer's answer is due then; none while an agent reviews the case. */
    public record ClaimContested(UUID disputeId, String statement, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the agents' review is due then. */
    public record DisputeEscalated(UUID disputeId, Party by, String reason, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record CaseAssigned(UUID disputeId, String agentId, Actor actor, Instant at) implements DisputeEvent {
    }

    public record InformationRequested(UUID disputeId, Party from, String question, Instant dueAt, Actor actor,
                                       Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the agents' review, which goes on, is due then. */
    public record InformationProvided(UUID disputeId, Party by, String text, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record SuggestionPosted(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record SuggestionAccepted(UUID disputeId, Party by, Actor actor, Instant at) implements DisputeEvent {
    }

    public record PrivateLimitStated(UUID disputeId, Party by, long amount, Actor actor, Instant at)
            implements DisputeEvent {
        @Override
        public Visibility visibility() {
            return by == Party.BUYER ? Visibility.BUYER_AND_AGENTS : Visibility.SELLER_AND_AGENTS;
        }
    }

    public record DisputeDecided(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** {@code dueAt}: the seller's return address is due then. */
    public record ReturnRequested(UUID disputeId, boolean sellerPaysReturnShipping, Instant dueAt, Actor actor,
                                  Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the buyer's shipment of the return is due then. */
    public record ReturnAddressConfirmed(UUID disputeId, String address, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record ReturnShipped(UUID disputeId, String carrier, String trackingNumber, Long shippingCost, Actor actor,
                                Instant at) implements DisputeEvent {
    }

    /** {@code dueAt}: the seller's confirmation of receipt is due then. */
    public record ReturnDelivered(UUID disputeId, Instant deliveredAt, Instant dueAt, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record ReturnReceived(UUID disputeId, Actor actor, Instant at) implements DisputeEvent {
    }

    public record DisputeWithdrawn(UUID disputeId, String reason, Actor actor, Instant at) implements DisputeEvent {
    }

    /** A piece of evidence arrived; {@code requirement} names the reason's requirement it supports, if any. */
    public record EvidenceSubmitted(UUID disputeId, UUID evidenceId, Party by, String kind, String description,
                                    String requirement, Integer piece, String sha256, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /** Evidence is never erased: a withdrawn piece stays in the record, marked, and no longer counts. */
    public record EvidenceWithdrawn(UUID disputeId, UUID evidenceId, Party by, String reason, Actor actor, Instant at)
            implements DisputeEvent {
    }

    public record MessagePosted(UUID disputeId, Party by, String text, Actor actor, Instant at)
            implements DisputeEvent {
    }

    /**
     * The money outcome of a dispute's ending: what the marketplace must refund to the buyer and release to
     * the seller from the held payment, exactly once. A reshipment moves nothing and leaves the hold in place.
     */
    public record DisputeClosed(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeStatus status,
                                ResolutionType outcome,
                                SettledBy settledBy, Money refundToBuyer, Money releaseToSeller,
                                Money returnShippingReimbursement, Actor actor, Instant at) implements DisputeEvent {
    }

    /**
     * The party that must act is reminded that its due time is near, {@code before} ahead of it (once per due time
     * and reminder).
     */
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
    public record DueTimePassed(UUID disputeId, DueTime dueTime, Party party, Instant dueAt, DeadlineOutcome outcome,
                                Actor actor, Instant at) implements DisputeEvent {
    }

    /** An agent gave the party more time, with a reason. */
    public record DueTimeExtended(UUID disputeId, DueTime dueTime, Party party, Instant from, Instant until,
                                  String reason, Actor actor, Instant at) implements DisputeEvent {
    }
}
