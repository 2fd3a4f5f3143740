package io.arbiter.dispute;

import static io.arbiter.dispute.Party.AGENT;
import static io.arbiter.dispute.Party.BUYER;
import static io.arbiter.dispute.Party.INTEGRATION;
import static io.arbiter.dispute.Party.SELLER;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.arbiter.common.ForbiddenException;

/**
 * What a caller can do to a dispute, who may do it and when: the rulebook ({@code shared/domain.md}) as one table.
 * {@link Dispute#actionsFor}, {@link Dispute#blockedActionsFor} and the guard of every transition
 * ({@link Dispute#require}) read it and nothing else. Each dispute response lists the actions the caller may take
 * now, in the order of this table.
 */
public enum DisputeAction {

    // Negotiation: on its turn (or while an agent reviews the case) a side answers the other side's offer,
    // makes one of its own, and the seller may contest the claim once, before any decision.
    ACCEPT_OFFER(may(BUYER, SELLER).when((d, c) -> onTurnOrInReview(d, c.party())
            && offerFrom(d, c.party().counterpart()))),
    DECLINE_OFFER(may(BUYER, SELLER).when((d, c) -> onTurnOrInReview(d, c.party())
            && offerFrom(d, c.party().counterpart()))),
    MAKE_OFFER(may(BUYER, SELLER).when((d, c) -> onTurnOrInReview(d, c.party()))),
    CONTEST(may(SELLER).when((d, c) -> !d.contested
            && (d.status == DisputeStatus.AWAITING_SELLER || d.status == DisputeStatus.UNDER_REVIEW))),
    // Escalation: either side, once negotiation failed (refused, declined, or the window ran out); a buyer only
    // once the evidence its reason requires is there.
    ESCALATE(may(BUYER, SELLER).when((d, c) -> d.status.negotiating() && d.negotiationFailed)
            .unless(BUYER, DisputeAction::requiredEvidenceMissing)),
    // Answering the agent: the party asked for information responds; either side accepts a suggestion.
    RESPOND_TO_INFORMATION_REQUEST(may(BUYER, SELLER).when((d, c) -> d.status == DisputeStatus.UNDER_REVIEW
            && d.informationRequest != null && d.informationRequest.requestedFrom() == c.party())),
    ACCEPT_SUGGESTION(may(BUYER, SELLER).when((d, c) -> d.status == DisputeStatus.UNDER_REVIEW
            && d.suggestion != null && !d.suggestion.acceptedBy(c.party()))),
    // Before any decision or agreement: each side may state its private limit, the buyer may withdraw.
    STATE_PRIVATE_LIMIT(may(BUYER, SELLER).when((d, c) -> d.status.open())),
    WITHDRAW(may(BUYER).when((d, c) -> d.status.open())),
    // Returns: the seller confirms the address, the buyer ships, the marketplace reports the delivery once,
    // the seller confirms receipt.
    CONFIRM_RETURN_ADDRESS(may(SELLER).when((d, c) -> d.status == DisputeStatus.AWAITING_RETURN_ADDRESS)),
    SHIP_RETURN(may(BUYER).when((d, c) -> d.status == DisputeStatus.AWAITING_RETURN_SHIPMENT)),
    REPORT_RETURN_DELIVERED(may(INTEGRATION).when((d, c) -> d.status == DisputeStatus.AWAITING_RETURN_RECEIPT
            && d.returnShipment.deliveredAt() == null)),
    CONFIRM_RETURN_RECEIPT(may(SELLER).when((d, c) -> d.status == DisputeStatus.AWAITING_RETURN_RECEIPT)),
    // Arbitration: an agent takes an unassigned case from the queue; the assigned agent asks one party at a
    // time for information, posts suggestions and decides.
    TAKE_CASE(may(AGENT).when((d, c) -> d.status == DisputeStatus.UNDER_REVIEW && d.assignedAgentId == null)),
    REQUEST_INFORMATION(may(AGENT).when((d, c) -> reviewedBy(d, c.id()) && d.informationRequest == null)),
    POST_SUGGESTION(may(AGENT).when((d, c) -> reviewedBy(d, c.id()))),
    DECIDE(may(AGENT).when((d, c) -> reviewedBy(d, c.id()))),
    // Throughout, until the dispute closes: both sides and the assigned agent exchange messages, both sides
    // bring evidence.
    SEND_MESSAGE(may(BUYER, SELLER).when((d, c) -> !d.status.closed()),
            may(AGENT).when((d, c) -> c.id().equals(d.assignedAgentId) && !d.status.closed())),
    ADD_EVIDENCE(may(BUYER, SELLER).when((d, c) -> !d.status.closed())),
    WITHDRAW_EVIDENCE(may(BUYER, SELLER).when((d, c) -> !d.status.closed())),
    // Deadlines: an agent (the assigned one, or any while the case has none) extends a running due time of an
    // escalated case.
    EXTEND_DUE_TIME(may(AGENT).when((d, c) -> d.escalatedAt != null
            && (d.assignedAgentId == null || d.assignedAgentId.equals(c.id())) && d.dueTimes().anyRunning()));

    /** Whether the state of the dispute allows the caller the action now. */
    @FunctionalInterface
    interface Condition {
        boolean holds(Dispute dispute, Participant who);
    }

    /** What blocks an otherwise allowed action, with what unblocks it, or empty. */
    @FunctionalInterface
    interface Blocker {
        Optional<BlockedAction> blocks(Dispute dispute, DisputeAction action);
    }

    /** One row of the table: these parties may take the action when the condition holds, unless blocked. */
    record Permit(Set<Party> parties, Condition condition, Party blockedParty, Blocker blocker) {

        Permit when(Condition when) {
            return new Permit(parties, when, blockedParty, blocker);
        }

        Permit unless(Party party, Blocker unless) {
            return new Permit(parties, condition, party, unless);
        }
    }

    private static Permit may(Party first, Party... rest) {
        return new Permit(EnumSet.of(first, rest), (d, c) -> true, null, null);
    }

    private final List<Permit> permits;

    DisputeAction(Permit... permits) {
        this.permits = List.of(permits);
    }

    boolean everPerformedBy(Party party) {
        return permits.stream().anyMatch(permit -> permit.parties().contains(party));
    }

    /** The 403 for a caller whose side (or, with no side in the dispute, whose role) never takes this action. */
    ForbiddenException forbiddenTo(String who) {
        return new ForbiddenException(described() + " is not something the " + who + " can do on this dispute");
    }

    /** The action as the start of a sentence: "Accept offer". */
    String described() {
        String words = name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Whether the participant's side may take the action in the dispute's state now, blocked or not. */
    boolean offeredTo(Dispute dispute, Participant who) {
        return permits.stream().anyMatch(permit -> permit.parties().contains(who.party())
                && permit.condition().holds(dispute, who));
    }

    /** What keeps the participant from an action it is offered now, or empty. */
    Optional<BlockedAction> blockedFor(Dispute dispute, Participant who) {
        return permits.stream()
                .filter(permit -> permit.blocker() != null && permit.blockedParty() == who.party()
                        && permit.parties().contains(who.party()) && permit.condition().holds(dispute, who))
                .map(permit -> permit.blocker().blocks(dispute, this)).flatMap(Optional::stream).findFirst();
    }

    // What the table asks of the dispute's state.

    /** On the party's turn in negotiation, or while an agent reviews the case. */
    private static boolean onTurnOrInReview(Dispute d, Party party) {
        return d.status == DisputeStatus.UNDER_REVIEW || (d.status == DisputeStatus.AWAITING_SELLER && party == SELLER)
                || (d.status == DisputeStatus.AWAITING_BUYER && party == BUYER);
    }

    private static boolean offerFrom(Dispute d, Party party) {
        return d.openOffer != null && d.openOffer.madeBy() == party;
    }

    /** The case is under review and assigned to this agent. */
    private static boolean reviewedBy(Dispute d, String agentId) {
        return d.status == DisputeStatus.UNDER_REVIEW && agentId.equals(d.assignedAgentId);
    }

    /** Blocks the action while the evidence the reason requires is incomplete. */
    private static Optional<BlockedAction> requiredEvidenceMissing(Dispute d, DisputeAction action) {
        return d.evidence().filter(checklist -> !checklist.complete()).map(checklist -> {
            List<EvidenceChecklist.Item> missing = checklist.items().stream().filter(item -> !item.satisfied())
                    .toList();
            return new BlockedAction(action, BlockedAction.Reason.REQUIRED_EVIDENCE_MISSING,
                    "add the evidence this reason requires before escalating; missing: " + String.join(", ",
                    missing.stream().map(EvidenceChecklist.Item::description).toList()),
                    missing.stream().map(EvidenceChecklist.Item::code).toList());
        });
    }
}
