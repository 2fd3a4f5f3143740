package io.arbiter.dispute;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.arbiter.identity.Actor;

/**
 * Who a caller is on a dispute, resolved before the dispute sees them: whether they may read it at all (the service
 * answers 404 otherwise) and which {@link Participant} they act as. The buyer and the seller see their own disputes,
 * agents see what was escalated, admins and the marketplace's back end read every dispute; admins never act on one.
 */
final class DisputeAccess {

    private DisputeAccess() {
    }

    static boolean visibleTo(Dispute dispute, Actor actor) {
        return switch (actor.role()) {
            case BUYER, SELLER -> participantOf(dispute, actor).isPresent();
            case AGENT -> dispute.escalatedAt() != null;
            case ADMIN, INTEGRATION, SYSTEM -> true;
        };
    }

    /** The caller as a participant of the dispute, or empty for a caller with no part in it. */
    static Optional<Participant> participantOf(Dispute dispute, Actor actor) {
        Party party = switch (actor.role()) {
            case BUYER -> actor.id().equals(dispute.buyerId()) ? Party.BUYER : null;
            case SELLER -> actor.id().equals(dispute.sellerId()) ? Party.SELLER : null;
            case AGENT -> Party.AGENT;
            case INTEGRATION -> Party.INTEGRATION;
            case ADMIN, SYSTEM -> null;
        };
        return Optional.ofNullable(party).map(side -> new Participant(side, actor.id(), actor.displayName()));
    }

    /** What the caller may do now; nothing for a caller with no part in the dispute. */
    static List<DisputeAction> actionsFor(Dispute dispute, Actor actor) {
        return participantOf(dispute, actor).map(dispute::actionsFor).orElseGet(ArrayList::new);
    }

    /** The caller as the participant taking the action; 403 for a caller with no part in the dispute. */
    static Participant participantFor(Dispute dispute, Actor actor, DisputeAction action) {
        return participantOf(dispute, actor)
                .orElseThrow(() -> action.forbiddenTo(actor.role().name().toLowerCase()));
    }
}
