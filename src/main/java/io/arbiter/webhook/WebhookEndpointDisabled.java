package io.arbiter.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * Arbiter stopped sending to a webhook endpoint by itself: its deliveries were given up (the receiver did not
 * answer 2xx until the give-up deadline, as many times in a row as configured), or its URL is no longer
 * allowed. An admin re-enables it once the receiver is fixed. Not published when an admin disables one.
 */
public record WebhookEndpointDisabled(UUID endpointId, String url, String reason, Instant at) {
}
