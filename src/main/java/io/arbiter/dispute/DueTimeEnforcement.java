package io.arbiter.dispute;

import static io.arbiter.dispute.Dispute.requireText;
import static io.arbiter.dispute.Dispute.requireWithinAgentReach;

import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.util.Optional;

import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.DueTimeExtended;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeEvents.OfferAccepted;
import io.arbiter.identity.Actor;

/**
 * The dispute's due times: which run, when the evidence is due, reminders, agents' extensions, and what Arbiter does
 * when one passes with its party silent, through the same steps as if a person had acted.
 */
final class DueTimeEnforcement {

    private final Dispute d;

    DueTimeEnforcement(Dispute dispute) {
        this.d = dispute;
    }

    /**
     * The due times running now that the server has not enforced yet, for the engine that enforces them. The
     * engine reads them after every change, so a due time that moved on or was extended is never enforced.
     */
    RunningDueTimes runningDueTimes(Instant deliveredAt) {
        Instant current = currentDueRunning() && !d.dueAt.equals(d.enforcedDueAt) ? d.dueAt : null;
        Instant evidence = evidenceDueRunning() ? evidenceDue(deliveredAt) : null;
        return new RunningDueTimes(d.id, d.orderId, d.awaiting, current, evidence, d.policy.reminders(),
                d.policy.rulesOf(d.reason).evidence(), d.piecesAffected);
    }

    /**
     * When the evidence the reason requires is due: the evidence window after opening; for not-as-described also
     * the policy's window after delivery, counted from the opening when the buyer opened later, whichever comes
     * first. An agent's extension replaces both. Null when the reason requires no evidence.
     */
    Instant evidenceDue(Instant deliveredAt) {
        if (d.evidenceExtendedTo != null || d.evidenceDueAt == null) {
            return d.evidenceExtendedTo;
        }
        Instant due = d.policy.evidenceDue(d.reason, d.openedAt, deliveredAt);
        return due != null && due.isBefore(d.evidenceDueAt) ? due : d.evidenceDueAt;
    }

    /**
     * The current step's due time passed with its party silent: Arbiter does what the policy says for the step,
     * through the same state changes and events as if a person had acted, recorded as done by the system. False,
     * changing nothing, for a stale timer: the step moved on, the due time was extended, or it was enforced.
     */
    boolean passCurrentDueTime(Instant due, Instant now) {
        if (!currentDueRunning() || !due.equals(d.dueAt) || due.equals(d.enforcedDueAt) || now.isBefore(due)) {
            return false;
        }
        d.enforcedDueAt = due;
        enforce(DueTime.CURRENT, d.awaiting, due, currentStepOutcome(), now);
        return true;
    }

    /**
     * The evidence due time passed: without the evidence the reason requires, Arbiter applies the policy's
     * outcome; with it, the check is only recorded. False, changing nothing, for a stale timer.
     */
    boolean passEvidenceDueTime(Instant due, Instant deliveredAt, boolean supplied, Instant now) {
        if (!evidenceDueRunning() || !due.equals(evidenceDue(deliveredAt)) || now.isBefore(due)) {
            return false;
        }
        d.evidenceEnforced = true;
        if (supplied) {
            d.registerEvent(new DueTimePassed(d.id, DueTime.EVIDENCE, Party.BUYER, due, null, Actor.SYSTEM, now));
        } else {
            enforce(DueTime.EVIDENCE, Party.BUYER, due, d.policy.outcomes().evidenceMissing(), now);
        }
        return true;
    }

    /**
     * The reminder due {@code before} the given due time, for the party that must act; empty when the due time no
     * longer runs, the evidence is already there, or it is not time for this reminder.
     */
    Optional<DueTimeApproaching> reminder(DueTime dueTime, Instant due, Duration before, Instant deliveredAt,
                                          boolean evidenceSupplied, Instant now) {
        boolean running = dueTime == DueTime.CURRENT
                ? currentDueRunning() && due.equals(d.dueAt) && !due.equals(d.enforcedDueAt)
                : evidenceDueRunning() && due.equals(evidenceDue(deliveredAt)) && !evidenceSupplied;
        if (!running || !now.isBefore(due) || now.isBefore(due.minus(before))) {
            return Optional.empty();
        }
        Party party = dueTime == DueTime.CURRENT ? d.awaiting : Party.BUYER;
        return Optional.of(new DueTimeApproaching(d.id, dueTime, party, due, before, Actor.SYSTEM, now));
    }

    /**
     * An agent gives the party more time, with a written reason: the assigned agent, or any agent while the case
     * has none. The timers of the old due time then find it moved and do nothing.
     */
    Dispute extendDueTime(Participant agent, DueTime dueTime, Instant until, String why, Instant deliveredAt,
                          Instant now) {
        d.require(DisputeAction.EXTEND_DUE_TIME, agent);
        Instant from = dueTime == DueTime.CURRENT ? (currentDueRunning() ? d.dueAt : null)
                : evidenceDueRunning() ? evidenceDue(deliveredAt) : null;
        if (from == null) {
            throw new StateConflictException("no " + (dueTime == DueTime.EVIDENCE ? "evidence " : "")
                    + "due time is running on this dispute", d.status.name(),
                    d.actionsFor(agent).stream().map(Enum::name).toList());
        }
        requireText(why, "reason");
        if (until == null || !until.isAfter(from) || !until.isAfter(now)) {
            throw new RuleViolationException("until", "the new due time must be later than the current one (" + from
                    + ")" + (from.isAfter(now) ? "" : " and than now (" + now + ")"));
        }
        requireWithinAgentReach("until", until, from.isAfter(now) ? from : now);
        Party party = dueTime == DueTime.CURRENT ? d.awaiting : Party.BUYER;
        if (dueTime == DueTime.CURRENT) {
            d.dueAt = until;
            if (d.status == DisputeStatus.UNDER_REVIEW && d.awaiting == Party.AGENT) {
                d.reviewDueAt = until;
            }
            if (d.informationRequest != null) {
                d.informationRequest = d.informationRequest.withDueAt(until);
            }
        } else {
            d.evidenceExtendedTo = until;
        }
        d.reviewOverdue = false;
        d.registerEvent(new DueTimeExtended(d.id, dueTime, party, from, until, why.strip(), agent.asActor(), now));
        return d;
    }

    /** Whether any due time runs that an agent may extend. */
    boolean anyRunning() {
        return currentDueRunning() || evidenceDueRunning();
    }

    private boolean currentDueRunning() {
        return d.dueAt != null && !d.status.closed();
    }

    private boolean evidenceDueRunning() {
        return d.evidenceDueAt != null && !d.evidenceEnforced && d.status.open();
    }

    private DeadlineOutcome currentStepOutcome() {
        DisputePolicy.Outcomes outcomes = d.policy.outcomes();
        return switch (d.status) {
            case AWAITING_SELLER -> outcomes.sellerSilent();
            case AWAITING_BUYER -> outcomes.buyerSilent();
            case UNDER_REVIEW -> d.awaiting == Party.AGENT ? outcomes.agentReviewOverdue()
                    : outcomes.informationNotProvided();
            case AWAITING_RETURN_ADDRESS -> outcomes.returnAddressMissing();
            case AWAITING_RETURN_SHIPMENT -> outcomes.returnNotShipped();
            case AWAITING_RETURN_RECEIPT -> outcomes.returnReceiptNotConfirmed();
            case RESOLVED, WITHDRAWN -> throw new IllegalStateException("a closed dispute runs no due time");
        };
    }

    /**
     * Applies a due time's outcome. The negotiation outcomes (accepting, escalating) need the dispute in negotiation
     * or review, the agents' ones (notifying, flagging) need it in review; closing for either side fits any step.
     * The policy file is checked against the same rules when it is loaded, so a mismatch here is a bug.
     */
    private void enforce(DueTime dueTime, Party silent, Instant due, DeadlineOutcome outcome, Instant now) {
        DeadlineOutcome applied = outcome == DeadlineOutcome.APPLY_LATEST_OFFER && silent != Party.AGENT
                && (d.openOffer == null || d.openOffer.madeBy() != silent.counterpart())
                // With nothing on the table from the other side, the silent side loses.
                ? silent == Party.BUYER ? DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR : DeadlineOutcome.ACCEPT_CLAIM
                : outcome;
        boolean applies = switch (applied) {
            case ACCEPT_CLAIM, ESCALATE -> d.status.open();
            case APPLY_LATEST_OFFER -> d.status.open() && silent != Party.AGENT;
            case CLOSE_IN_SELLERS_FAVOUR, REFUND_BUYER -> true;
            case NOTIFY_AGENT, FLAG_IN_QUEUE -> d.status == DisputeStatus.UNDER_REVIEW;
        };
        if (!applies) {
            throw new IllegalStateException("the outcome " + applied + " does not apply to the " + dueTime
                    + " due time of a dispute " + d.status);
        }
        DueTimePassed passed = new DueTimePassed(d.id, dueTime, silent, due, applied, Actor.SYSTEM, now);
        d.registerEvent(passed);
        // The English line stays the reason the outcome records, as agents' and parties' reasons do.
        String why = EventTexts.english(passed, d.currency);
        switch (applied) {
            case ACCEPT_CLAIM -> acceptForSilence(d.openOffer != null && d.openOffer.madeBy() == Party.BUYER
                    ? d.openOffer : d.claim, Party.SELLER, why, now);
            case APPLY_LATEST_OFFER -> acceptForSilence(d.openOffer, silent, why, now);
            case CLOSE_IN_SELLERS_FAVOUR -> {
                d.openOffer = null;
                d.settle(Terms.of(ResolutionType.CLAIM_REJECTED), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
            }
            case REFUND_BUYER -> {
                if (d.status == DisputeStatus.AWAITING_RETURN_RECEIPT) {
                    // The return arrived; the agreed refund is paid as if the seller had confirmed receipt.
                    d.close(DisputeStatus.RESOLVED, d.held(), d.money(0), Actor.SYSTEM, now);
                } else {
                    d.openOffer = null;
                    d.settle(Terms.of(ResolutionType.FULL_REFUND), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
                }
            }
            case ESCALATE -> {
                if (d.status.negotiating()) {
                    d.negotiation().escalate(Party.NOBODY, why, Actor.SYSTEM, now);
                }
            }
            case NOTIFY_AGENT -> lapseInformationRequest();
            case FLAG_IN_QUEUE -> {
                lapseInformationRequest();
                d.reviewOverdue = true;
            }
        }
    }

    /** Accepts an offer on behalf of a side, as {@link Negotiation#acceptOffer} does for a person. */
    private void acceptForSilence(Offer offer, Party acceptedFor, String why, Instant now) {
        d.registerEvent(new OfferAccepted(d.id, offer.id(), acceptedFor, offer.terms(), Actor.SYSTEM, now));
        d.openOffer = null;
        d.settle(offer.terms(), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
    }

    /** The party did not answer the agent: the request lapses and the move is the agent's again. */
    private void lapseInformationRequest() {
        if (d.informationRequest != null) {
            d.informationRequest = null;
            d.awaiting = Party.AGENT;
            d.dueAt = d.reviewDueAt;
        }
    }
}
