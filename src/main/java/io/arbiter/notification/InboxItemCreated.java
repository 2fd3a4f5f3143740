package io.arbiter.notification;

import java.util.UUID;

/** A new item is in someone's inbox; its e-mail goes out in reaction to this (after commit, retried). */
public record InboxItemCreated(UUID itemId, String recipientId) {
}
