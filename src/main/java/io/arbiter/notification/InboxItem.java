package io.arbiter.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * One notice in a person's inbox: what happened and what they must do ({@code text}), by when ({@code dueAt},
 * when something is due), on which dispute, and whether they have read it.
 */
public record InboxItem(UUID id, NotificationKind kind, String title, String text, UUID disputeId, String link,
                        Instant dueAt, Instant createdAt, Instant readAt) {
}
