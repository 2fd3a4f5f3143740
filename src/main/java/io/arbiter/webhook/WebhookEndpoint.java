package io.arbiter.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered receiver of webhooks, without its signing secret (shown once, at registration).
 *
 * @param eventTypes         what it receives; empty means every type
 * @param enabled            whether new events are sent to it
 * @param disabledReason     why it was disabled (by an admin, or after deliveries were given up); null while enabled
 * @param consecutiveGiveUps deliveries given up in a row since the last that arrived
 */
public record WebhookEndpoint(UUID id, String url, List<String> eventTypes, String description, boolean enabled,
                              Instant createdAt, String createdBy, Instant disabledAt, String disabledReason,
                              int consecutiveGiveUps) {

    boolean wants(String type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }
}
