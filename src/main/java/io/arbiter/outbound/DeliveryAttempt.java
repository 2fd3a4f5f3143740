package io.arbiter.outbound;

import java.time.Instant;

/**
 * One entry of the delivery log.
 *
 * @param statusCode the receiver's HTTP status, or null when no response came
 * @param error      why no response came (connection refused, timeout, address refused), or null
 */
public record DeliveryAttempt(Instant at, Integer statusCode, String error, long durationMillis) {
}
