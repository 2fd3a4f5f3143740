package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.arbiter.common.Money;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** The events of a dispute's life, past tense. Amounts are minor units of the order's currency. */
public final class DisputeEvents {

    private DisputeEvents() {
    }

    /** {@code reasonLabel}: what the policy the dispute was opened under calls its reason. */
    public record DisputeOpened(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeReason reason,
                                String reasonLabel, Terms claim, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            // Events recorded before reasons had policy labels come back from the publication registry without one.
            return "Dispute opened: " + (reasonLabel == null ? reason : reasonLabel) + "; asks for "
                    + Describe.terms(claim);
        }
    }

    public record OfferMade(UUID disputeId, UUID offerId, Party by, Terms terms, String note, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " offered " + Describe.terms(terms) + Describe.note(note);
        }
    }

    public record OfferDeclined(UUID disputeId, UUID offerId, Party by, String note, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " declined the offer" + Describe.note(note);
        }
    }

    public record OfferAccepted(UUID disputeId, UUID offerId, Party by, Terms terms, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return (actor.is(Role.SYSTEM) ? "Arbiter accepted for the " + Describe.who(by) + " "
                    : Describe.party(by) + " accepted ") + Describe.terms(terms);
        }
    }

    public record ClaimContested(UUID disputeId, String statement, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Seller contested the claim: " + statement;
        }
    }

    public record DisputeEscalated(UUID disputeId, Party by, String reason, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " escalated the dispute to the marketplace's agents" + Describe.note(reason);
        }
    }

    public record CaseAssigned(UUID disputeId, String agentId, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Agent " + actor.displayName() + " took the case";
        }
    }

    public record InformationRequested(UUID disputeId, Party from, String question, Instant dueAt, Actor actor,
                                       Instant at) implements DisputeEvent {
        public String summary() {
            return "Agent asked the " + from.name().toLowerCase() + " for more information by " + Describe.time(dueAt) + ": " + question;
        }
    }

    public record InformationProvided(UUID disputeId, Party by, String text, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " answered the agent: " + text;
        }
    }

    public record SuggestionPosted(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return "Agent suggested " + Describe.terms(terms) + ": " + reasons;
        }
    }

    public record SuggestionAccepted(UUID disputeId, Party by, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " accepted the agent's suggestion";
        }
    }

    public record PrivateLimitStated(UUID disputeId, Party by, long amount, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " privately stated " + (by == Party.BUYER ? "the least refund it would accept: "
                    : "the most it would refund: ") + amount;
        }

        @Override
        public Visibility visibility() {
            return by == Party.BUYER ? Visibility.BUYER_AND_AGENTS : Visibility.SELLER_AND_AGENTS;
        }
    }

    public record DisputeDecided(UUID disputeId, Terms terms, String reasons, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return "Agent decided: " + Describe.terms(terms) + ". Reasons: " + reasons;
        }
    }

    public record ReturnRequested(UUID disputeId, boolean sellerPaysReturnShipping, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return "The item goes back to the seller: the seller confirms the return address, then the buyer ships"
                    + (sellerPaysReturnShipping ? " (the seller bears the return shipping)" : " (at the buyer's cost)");
        }
    }

    public record ReturnAddressConfirmed(UUID disputeId, String address, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return "Seller confirmed the return address: " + address;
        }
    }

    public record ReturnShipped(UUID disputeId, String carrier, String trackingNumber, Long shippingCost, Actor actor,
                                Instant at) implements DisputeEvent {
        public String summary() {
            return "Buyer shipped the return with " + carrier + ", tracking " + trackingNumber;
        }
    }

    public record ReturnDelivered(UUID disputeId, Instant deliveredAt, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return "Tracking shows the return delivered to the seller at " + Describe.time(deliveredAt);
        }
    }

    public record ReturnReceived(UUID disputeId, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Seller confirmed receipt of the return";
        }
    }

    public record DisputeWithdrawn(UUID disputeId, String reason, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Buyer withdrew the dispute" + Describe.note(reason);
        }
    }

    /** A piece of evidence arrived; {@code requirement} names the reason's requirement it supports, if any. */
    public record EvidenceSubmitted(UUID disputeId, UUID evidenceId, Party by, String kind, String description,
                                    String requirement, Integer piece, String sha256, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " added " + kind + " evidence" + (piece == null ? "" : " for piece " + piece)
                    + ": " + description;
        }
    }

    /** Evidence is never erased: a withdrawn piece stays in the record, marked, and no longer counts. */
    public record EvidenceWithdrawn(UUID disputeId, UUID evidenceId, Party by, String reason, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return Describe.party(by) + " withdrew a piece of evidence" + Describe.note(reason);
        }
    }

    public record MessagePosted(UUID disputeId, Party by, String text, Actor actor, Instant at)
            implements DisputeEvent {
        public String summary() {
            return text;
        }
    }

    /**
     * The money outcome of a dispute's ending: what the marketplace must refund to the buyer and release to
     * the seller from the held payment, exactly once. A reshipment moves nothing and leaves the hold in place.
     */
    public record DisputeClosed(UUID disputeId, String orderId, String buyerId, String sellerId, DisputeStatus status,
                                ResolutionType outcome,
                                SettledBy settledBy, Money refundToBuyer, Money releaseToSeller,
                                Money returnShippingReimbursement, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Dispute closed (" + Describe.settledBy(settledBy) + "): refund to buyer " + refundToBuyer.amount()
                    + ", release to seller " + releaseToSeller.amount() + " " + refundToBuyer.currency()
                    + (returnShippingReimbursement.isZero() ? ""
                    : "; the seller reimburses return shipping of " + returnShippingReimbursement.amount());
        }
    }

    /**
     * The party that must act is reminded that its due time is near, {@code before} ahead of it (once per due time
     * and reminder).
     */
    public record DueTimeApproaching(UUID disputeId, DueTime dueTime, Party party, Instant dueAt, Duration before,
                                     Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Reminder to the " + Describe.who(party) + ": " + (dueTime == DueTime.EVIDENCE
                    ? "the evidence required is due by " : "the next move is due by ") + Describe.time(dueAt);
        }
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
        public String summary() {
            String passed = dueTime == DueTime.CURRENT
                    ? "The " + Describe.who(party) + " did not act by " + Describe.time(dueAt)
                    : outcome == null ? "The evidence required was supplied before its due time " + Describe.time(dueAt)
                    : "The buyer did not supply the evidence required by " + Describe.time(dueAt);
            return outcome == null ? passed : passed + ": " + Describe.outcome(outcome);
        }
    }

    /** An agent gave the party more time, with a reason. */
    public record DueTimeExtended(UUID disputeId, DueTime dueTime, Party party, Instant from, Instant until,
                                  String reason, Actor actor, Instant at) implements DisputeEvent {
        public String summary() {
            return "Agent extended the " + Describe.who(party) + "'s " + (dueTime == DueTime.EVIDENCE ? "evidence " : "")
                    + "due time from " + Describe.time(from) + " to " + Describe.time(until) + ": " + reason;
        }
    }

    static final class Describe {

        private Describe() {
        }

        static String terms(Terms terms) {
            String text = switch (terms.type()) {
                case FULL_REFUND_WITH_RETURN -> "a full refund with return"
                        + (terms.sellerPaysReturnShipping() ? " (seller pays return shipping)" : "");
                case FULL_REFUND -> "a full refund without return";
                case PARTIAL_REFUND -> "a partial refund of " + terms.amount();
                case RESHIPMENT -> "reshipment";
                case CLAIM_REJECTED -> "rejecting the claim";
            };
            return text;
        }

        static String time(Instant instant) {
            return instant.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        }

        static String party(Party party) {
            return switch (party) {
                case BUYER -> "Buyer";
                case SELLER -> "Seller";
                case AGENT -> "Agent";
                default -> "Arbiter";
            };
        }

        /** The party in the middle of a sentence. */
        static String who(Party party) {
            return switch (party) {
                case BUYER -> "buyer";
                case SELLER -> "seller";
                case AGENT -> "agents";
                default -> "marketplace";
            };
        }

        static String outcome(DeadlineOutcome outcome) {
            return switch (outcome) {
                case ACCEPT_CLAIM -> "the buyer's claim is accepted as asked";
                case APPLY_LATEST_OFFER -> "the offer on the table is accepted";
                case CLOSE_IN_SELLERS_FAVOUR -> "the dispute closes in the seller's favour";
                case REFUND_BUYER -> "the buyer is refunded";
                case ESCALATE -> "the case goes to the marketplace's agents";
                case NOTIFY_AGENT -> "the agent is told and the case goes on";
                case FLAG_IN_QUEUE -> "the case is flagged in the agents' queue";
            };
        }

        static String note(String note) {
            return note == null || note.isBlank() ? "" : ": " + note;
        }

        static String settledBy(SettledBy settledBy) {
            return switch (settledBy) {
                case AGREEMENT -> "agreed by both parties";
                case SUGGESTION_ACCEPTED -> "both accepted the agent's suggestion";
                case PRIVATE_LIMITS_MET -> "the parties' private limits met";
                case AGENT_DECISION -> "agent's decision";
                case WITHDRAWAL -> "withdrawn by the buyer";
                case DUE_TIME_PASSED -> "a due time passed";
            };
        }
    }
}
