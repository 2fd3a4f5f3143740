package io.arbiter.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a message stands.
 *
 * @param state         {@code PENDING}, {@code DELIVERED} or {@code GAVE_UP}
 * @param attempts      attempts made so far, as many as {@link Outbound#attempts(UUID)} lists
 * @param nextAttemptAt when it is sent next; null unless pending
 * @param deliveredAt   when a receiver accepted it; null unless delivered
 */
public record MessageStatus(UUID id, String topic, String reference, String state, int attempts, Instant nextAttemptAt,
                            Instant deliveredAt) {
}
