package io.arbiter.outbound;

import java.time.Instant;
import java.util.UUID;

/** A receiver answered 2xx. Published in the transaction that records the delivery. */
public record OutboundDelivered(UUID messageId, String topic, String reference, Instant at) {
}
