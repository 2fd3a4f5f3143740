package io.arbiter.messaging;

import java.time.Instant;

import io.arbiter.identity.Role;

public record OrderMessage(long id, String orderId, String senderId, Role senderRole, String senderName, String text,
                           Instant sentAt) {
}
