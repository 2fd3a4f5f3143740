package io.arbiter.outbound;

import java.util.Objects;
import java.util.UUID;

/**
 * One JSON document to POST to an outside endpoint.
 *
 * @param id          also the Standard Webhooks {@code webhook-id} and the {@code Idempotency-Key} header, the
 *                    same on every attempt, so that the receiver can drop repeats
 * @param topic       what kind of message this is, e.g. {@code payout-instruction}
 * @param reference   the caller's own id for it (an instruction id), echoed in {@link OutboundDelivered} and
 *                    {@link OutboundGaveUp}; may be null
 * @param url         where to POST it; see {@link Outbound#checkUrl(String)}
 * @param secret      the Standard Webhooks signing secret {@code whsec_<base64>}, or null to send unsigned
 * @param payloadJson the body, sent byte for byte as given
 */
public record OutboundMessage(UUID id, String topic, String reference, String url, String secret, String payloadJson) {

    public OutboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
    }

    /** Leaves the secret out, so that logging a message never leaks it. */
    @Override
    public String toString() {
        return "OutboundMessage[id=" + id + ", topic=" + topic + ", reference=" + reference + ", url=" + url
                + ", secret=" + (secret == null ? "none" : "***") + ", payload=" + payloadJson.length() + " chars]";
    }
}
