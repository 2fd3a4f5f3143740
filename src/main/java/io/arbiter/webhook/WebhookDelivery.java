package io.arbiter.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.arbiter.outbound.DeliveryAttempt;

/**
 * One event sent (or being sent) to one endpoint, with every attempt.
 *
 * @param id       also the {@code webhook-id} header, the same on every attempt and redelivery, so that a
 *                 receiver can drop repeats
 * @param eventId  the {@code id} in the body: the same for every endpoint that receives the event
 * @param status   {@code PENDING} (retried with backoff), {@code DELIVERED} (the receiver answered 2xx) or
 *                 {@code GAVE_UP} (no 2xx before the give-up deadline)
 * @param attempts oldest first: when, the HTTP status or the error when no response came
 */
public record WebhookDelivery(UUID id, UUID endpointId, UUID eventId, String eventType, UUID disputeId,
                              Instant occurredAt, Instant createdAt, String status, Instant nextAttemptAt,
                              Instant deliveredAt, List<DeliveryAttempt> attempts) {
}
