package io.arbiter.dispute;

import static io.arbiter.dispute.Dispute.requireText;
import static io.arbiter.dispute.Dispute.requireWithinAgentReach;

import java.time.Instant;

import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeEvents.CaseAssigned;
import io.arbiter.dispute.DisputeEvents.DisputeDecided;
import io.arbiter.dispute.DisputeEvents.InformationProvided;
import io.arbiter.dispute.DisputeEvents.InformationRequested;
import io.arbiter.dispute.DisputeEvents.SuggestionAccepted;
import io.arbiter.dispute.DisputeEvents.SuggestionPosted;

/** The agents' steps on an escalated dispute: taking the case, asking for information, suggesting, deciding. */
final class Review {

    private final Dispute d;

    Review(Dispute dispute) {
        this.d = dispute;
    }

    Dispute takeCase(Participant agent, Instant now) {
        d.require(DisputeAction.TAKE_CASE, agent);
        d.assignedAgentId = agent.id();
        d.reviewOverdue = false;
        d.registerEvent(new CaseAssigned(d.id, agent.id(), agent.asActor(), now));
        return d;
    }

    Dispute requestInformation(Participant agent, Party from, String question, Instant dueAt, Instant now) {
        d.require(DisputeAction.REQUEST_INFORMATION, agent);
        if (from != Party.BUYER && from != Party.SELLER) {
            throw new RuleViolationException("from", "information is requested from the buyer or the seller");
        }
        requireText(question, "question");
        Instant due = dueAt == null ? now.plus(d.policy.informationRequest()) : dueAt;
        if (!due.isAfter(now)) {
            throw new RuleViolationException("dueAt", "the due time must be in the future");
        }
        requireWithinAgentReach("dueAt", due, now);
        d.informationRequest = new InformationRequest(from, question, due, agent.id(), now);
        d.reviewOverdue = false;
        d.awaiting = from;
        d.dueAt = due;
        d.registerEvent(new InformationRequested(d.id, from, question, due, agent.asActor(), now));
        return d;
    }

    Dispute respondToInformationRequest(Participant who, String text, Instant now) {
        d.require(DisputeAction.RESPOND_TO_INFORMATION_REQUEST, who);
        Party party = who.party();
        requireText(text, "text");
        d.informationRequest = null;
        d.awaiting = Party.AGENT;
        d.dueAt = d.reviewDueAt;
        d.registerEvent(new InformationProvided(d.id, party, text, d.reviewDueAt, who.asActor(), now));
        return d;
    }

    Dispute postSuggestion(Participant agent, Terms terms, String reasons, Instant now) {
        d.require(DisputeAction.POST_SUGGESTION, agent);
        terms.checkedAgainst(d.heldAmount, "terms");
        requireText(reasons, "reasons");
        d.suggestion = Suggestion.of(terms, reasons, agent.id(), now);
        d.reviewOverdue = false;
        d.registerEvent(new SuggestionPosted(d.id, terms, reasons, agent.asActor(), now));
        return d;
    }

    Dispute acceptSuggestion(Participant who, Instant now) {
        d.require(DisputeAction.ACCEPT_SUGGESTION, who);
        Party party = who.party();
        d.suggestion = d.suggestion.withAcceptanceBy(party);
        d.registerEvent(new SuggestionAccepted(d.id, party, who.asActor(), now));
        if (d.suggestion.acceptedBy(Party.BUYER) && d.suggestion.acceptedBy(Party.SELLER)) {
            d.openOffer = null;
            d.settle(d.suggestion.terms(), SettledBy.SUGGESTION_ACCEPTED, d.suggestion.reasons(), who.asActor(),
                    now);
        }
        return d;
    }

    /** The agent's final decision. There is no appeal after it. */
    Dispute decide(Participant agent, Terms terms, String reasons, Instant now) {
        d.require(DisputeAction.DECIDE, agent);
        terms.checkedAgainst(d.heldAmount, "terms");
        requireText(reasons, "reasons");
        d.registerEvent(new DisputeDecided(d.id, terms, reasons, agent.asActor(), now));
        d.openOffer = null;
        d.informationRequest = null;
        d.settle(terms, SettledBy.AGENT_DECISION, reasons, agent.asActor(), now);
        return d;
    }
}
