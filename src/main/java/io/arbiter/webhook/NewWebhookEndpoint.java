package io.arbiter.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A just registered endpoint with its signing secret, {@code whsec_} and the base64 of 32 random bytes. This is
 * the only time the secret is shown; Arbiter keeps it to sign every webhook it sends to the endpoint.
 */
public record NewWebhookEndpoint(UUID id, String url, List<String> eventTypes, String description, boolean enabled,
                                 Instant createdAt, String createdBy, String secret) {

    /** Leaves the secret out, so that logging it never leaks the secret. */
    @Override
    public String toString() {
        return "NewWebhookEndpoint[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + ", secret=***]";
    }
}
