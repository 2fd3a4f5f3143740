package io.arbiter.reply;

import java.time.Instant;
import java.util.UUID;

/**
 * A reusable text for one kind of agent's step, in one language.
 *
 * @param shared  one of the desk's replies, read by every agent and kept by admins; otherwise {@code ownerId}'s own
 * @param ownerId the agent whose own reply it is; null when shared
 */
public record SavedReply(UUID id, Kind kind, String language, String title, String text, boolean shared,
                         String ownerId, String createdBy, Instant createdAt, Instant updatedAt) {

    /** The case page's form the reply fills. */
    public enum Kind {
        /** The question of an information request. */
        INFORMATION_REQUEST,
        /** The reasons of a suggestion. */
        SUGGESTION,
        /** The reasons of a final decision. */
        DECISION
    }
}
