package io.arbiter.dispute;

import static io.arbiter.dispute.Dispute.requireText;

import java.time.Instant;
import java.util.UUID;

import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.ClaimContested;
import io.arbiter.dispute.DisputeEvents.DisputeEscalated;
import io.arbiter.dispute.DisputeEvents.DisputeWithdrawn;
import io.arbiter.dispute.DisputeEvents.OfferAccepted;
import io.arbiter.dispute.DisputeEvents.OfferDeclined;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.identity.Actor;

/**
 * The dispute's negotiation steps: offers back and forth, the seller's contest, private limits, escalation to the
 * agents and the buyer's withdrawal. State stays on the {@link Dispute} (its store maps it); this part changes it.
 */
final class Negotiation {

    private final Dispute d;

    Negotiation(Dispute dispute) {
        this.d = dispute;
    }

    /** Accepts the other side's open offer (at first, the buyer's claim as asked). */
    Dispute acceptOffer(Participant who, UUID offerId, boolean sellerPaysReturnShipping, String returnAddress,
                        Instant now) {
        d.require(DisputeAction.ACCEPT_OFFER, who);
        Party party = who.party();
        requireCurrentOffer(offerId);
        if (party != Party.SELLER && (sellerPaysReturnShipping || returnAddress != null)) {
            throw new RuleViolationException("returnAddress", "only the seller gives the return address and"
                    + " agrees to bear return shipping");
        }
        Terms terms = d.openOffer.terms().withSellerPayingReturnShipping(sellerPaysReturnShipping);
        if (sellerPaysReturnShipping && terms.type() != ResolutionType.FULL_REFUND_WITH_RETURN) {
            throw new RuleViolationException("sellerPaysReturnShipping",
                    "return shipping is only paid with a full refund with return");
        }
        if (returnAddress != null) {
            if (terms.type() != ResolutionType.FULL_REFUND_WITH_RETURN) {
                throw new RuleViolationException("returnAddress", "a return address only goes with a return");
            }
            requireText(returnAddress, "returnAddress");
        }
        d.registerEvent(new OfferAccepted(d.id, d.openOffer.id(), party, terms, who.asActor(), now));
        d.openOffer = null;
        d.settle(terms, SettledBy.AGREEMENT, null, who.asActor(), now);
        if (returnAddress != null) {
            d.returns().confirmReturnAddress(who, returnAddress, now);
        }
        return d;
    }

    Dispute declineOffer(Participant who, UUID offerId, String note, Instant now) {
        d.require(DisputeAction.DECLINE_OFFER, who);
        Party party = who.party();
        requireCurrentOffer(offerId);
        d.registerEvent(new OfferDeclined(d.id, d.openOffer.id(), party, note, who.asActor(), now));
        d.openOffer = null;
        d.negotiationFailed = true;
        return d;
    }

    Dispute makeOffer(Participant who, Terms terms, String note, Instant now) {
        d.require(DisputeAction.MAKE_OFFER, who);
        Party party = who.party();
        terms.checkedAgainst(d.heldAmount, "terms");
        if (terms.type() == ResolutionType.CLAIM_REJECTED) {
            throw new RuleViolationException("terms.type", "to refuse the claim, the seller contests it");
        }
        DisputePolicy.ReasonRules rules = d.policy.rulesOf(d.reason);
        if (party == Party.BUYER && !rules.buyerMayAsk(terms.type())) {
            throw new RuleViolationException("terms.type", rules.label() + " allows asking for "
                    + rules.resolutions() + ", not " + terms.type());
        }
        if (d.openOffer != null && d.openOffer.madeBy() == party.counterpart()) {
            d.registerEvent(new OfferDeclined(d.id, d.openOffer.id(), party, "countered with a new offer",
                    who.asActor(), now));
            d.negotiationFailed = true;
        }
        d.openOffer = Offer.of(party, terms, note, now);
        Instant answerDue = null;
        if (d.status.negotiating()) {
            Party next = party.counterpart();
            answerDue = now.plus(next == Party.SELLER ? d.policy.sellerResponse() : d.policy.buyerResponse());
            d.moveTo(next == Party.SELLER ? DisputeStatus.AWAITING_SELLER : DisputeStatus.AWAITING_BUYER, next,
                    answerDue);
        }
        d.registerEvent(new OfferMade(d.id, d.openOffer.id(), party, terms, note, answerDue, who.asActor(), now));
        return d;
    }

    /** The seller refuses the claim with a statement; allowed once, before any decision. */
    Dispute contest(Participant who, String statement, Instant now) {
        d.require(DisputeAction.CONTEST, who);
        requireText(statement, "statement");
        d.contested = true;
        d.contestStatement = statement;
        d.contestedAt = now;
        d.negotiationFailed = true;
        if (d.openOffer != null && d.openOffer.madeBy() == Party.BUYER) {
            d.openOffer = null;
        }
        if (d.status == DisputeStatus.AWAITING_SELLER) {
            d.moveTo(DisputeStatus.AWAITING_BUYER, Party.BUYER, now.plus(d.policy.buyerResponse()));
        }
        d.registerEvent(new ClaimContested(d.id, statement, d.status.negotiating() ? d.dueAt : null, who.asActor(),
                now));
        return d;
    }

    /**
     * Each side may privately state the partial refund it would settle for. Neither sees the other's; when the
     * buyer's least is at most the seller's most, Arbiter settles halfway between them.
     */
    Dispute statePrivateLimit(Participant who, long amount, Instant now) {
        d.require(DisputeAction.STATE_PRIVATE_LIMIT, who);
        Party party = who.party();
        if (amount < 1 || amount > d.heldAmount) {
            throw new RuleViolationException("amount", "a limit is between 1 and " + d.heldAmount
                    + " (what is held on the order)");
        }
        if (party == Party.BUYER) {
            d.buyerLimit = amount;
        } else {
            d.sellerLimit = amount;
        }
        d.registerEvent(new PrivateLimitStated(d.id, party, amount, who.asActor(), now));
        if (d.buyerLimit != null && d.sellerLimit != null && d.buyerLimit <= d.sellerLimit) {
            long settlement = d.buyerLimit + (d.sellerLimit - d.buyerLimit) / 2;
            d.openOffer = null;
            d.settle(Terms.partialRefund(settlement), SettledBy.PRIVATE_LIMITS_MET, null, Actor.SYSTEM, now);
        }
        return d;
    }

    Dispute escalate(Participant who, String why, Instant now) {
        d.require(DisputeAction.ESCALATE, who);
        escalate(who.party(), why, who.asActor(), now);
        return d;
    }

    /** The one way into the agents' queue: a side escalates, or nobody did and a due time's outcome does. */
    void escalate(Party by, String why, Actor actor, Instant now) {
        d.escalatedAt = now;
        d.escalatedBy = by;
        d.reviewDueAt = now.plus(d.policy.agentReview());
        d.moveTo(DisputeStatus.UNDER_REVIEW, Party.AGENT, d.reviewDueAt);
        d.registerEvent(new DisputeEscalated(d.id, by, why, d.reviewDueAt, actor, now));
    }

    Dispute withdraw(Participant who, String why, Instant now) {
        d.require(DisputeAction.WITHDRAW, who);
        d.openOffer = null;
        d.outcome = Outcome.of(Terms.of(ResolutionType.CLAIM_REJECTED), SettledBy.WITHDRAWAL, why, who.id(), now);
        d.registerEvent(new DisputeWithdrawn(d.id, why, who.asActor(), now));
        d.close(DisputeStatus.WITHDRAWN, d.money(0), d.held(), who.asActor(), now);
        return d;
    }

    private void requireCurrentOffer(UUID offerId) {
        if (offerId != null && !offerId.equals(d.openOffer.id())) {
            throw new StateConflictException("offer " + offerId + " is no longer on the table; the current offer is "
                    + d.openOffer.id());
        }
    }
}
