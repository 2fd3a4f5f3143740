package io.arbiter.dispute;

import java.time.Instant;
import java.util.UUID;

import io.arbiter.identity.Actor;

/**
 * Something that happened to a dispute, as data ({@link EventTexts} writes its words for each reader). Every state change registers one or more; the dispute's chain seals
 * each, and other modules (deadlines, notifications, settlement, webhooks) react to them.
 */
public interface DisputeEvent {

    UUID disputeId();

    Actor actor();

    Instant at();

    /** Who may read this event in the timeline. */
    default Visibility visibility() {
        return Visibility.EVERYONE;
    }

    enum Visibility {
        EVERYONE,
        /** The buyer and agents only. */
        BUYER_AND_AGENTS,
        /** The seller and agents only. */
        SELLER_AND_AGENTS
    }
}
