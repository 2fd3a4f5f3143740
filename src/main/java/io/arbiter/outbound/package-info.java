/**
 * The one way Arbiter POSTs JSON to outside HTTP endpoints: payout instructions to the marketplace now,
 * webhooks later. Callers {@link io.arbiter.outbound.Outbound#enqueue enqueue} an
 * {@link io.arbiter.outbound.OutboundMessage} in their own transaction (an outbox); a dispatcher on every
 * instance claims due messages, signs them the Standard Webhooks way ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}, plus {@code Idempotency-Key}), retries failures with
 * exponential backoff until a give-up deadline, logs every attempt, and publishes
 * {@link io.arbiter.outbound.OutboundDelivered} or {@link io.arbiter.outbound.OutboundGaveUp}. It refuses
 * plain http and private, loopback and other internal addresses, when enqueuing and again before each
 * attempt. Owns the {@code outbound_message} and {@code outbound_attempt} tables; depends only on common.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common"})
package io.arbiter.outbound;
