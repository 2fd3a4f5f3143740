package io.arbiter.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * The give-up deadline passed without a 2xx; no more attempts unless someone calls
 * {@link Outbound#redeliver(UUID)}. Published in the transaction that records the last attempt.
 *
 * @param lastError what the last attempt got, e.g. {@code HTTP 500} or {@code connection refused}
 */
public record OutboundGaveUp(UUID messageId, String topic, String reference, String lastError, Instant at) {
}
