package io.arbiter.dispute;

import java.util.Objects;

import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/**
 * Who takes a step on a dispute, as {@link DisputeAccess} resolved the caller before the dispute sees them: the side
 * they act for (the buyer, the seller, an agent, or the marketplace's back end), their id (an agent's matters: a case
 * is assigned to one agent) and the name the dispute's record keeps. The dispute trusts this: whether the caller may
 * see the dispute, and which side they are on, is settled before.
 */
public record Participant(Party party, String id, String name) {

    public Participant {
        Objects.requireNonNull(id, "id");
        if (party != Party.BUYER && party != Party.SELLER && party != Party.AGENT && party != Party.INTEGRATION) {
            throw new IllegalArgumentException(party + " does not take steps on a dispute");
        }
    }

    /** The participant as the events name whoever acted. */
    Actor asActor() {
        Role role = switch (party) {
            case BUYER -> Role.BUYER;
            case SELLER -> Role.SELLER;
            case AGENT -> Role.AGENT;
            default -> Role.INTEGRATION;
        };
        return new Actor(id, role, name);
    }
}
