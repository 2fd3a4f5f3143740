package io.arbiter.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.EventTexts;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a webhook: {@code {id, type, occurredAt, sequence, data}}, where {@code sequence} orders the webhooks
 * of one dispute (absent for an event of no dispute), and {@code data} holds the event's own fields,
 * its one-line {@code summary}, and under {@code dispute} the whole dispute as the marketplace's back end reads
 * it right after the change (status, whose move, due time, money, outcome, settlement), so that a receiver
 * never has to call back. Left out: the timeline (what the webhooks themselves report, with entries only one
 * side may read), the version (it would show that a private limit was stated) and the reader's role.
 */
@Component
class WebhookPayloads {

    /** Reads disputes the way the marketplace's back end does: every dispute, neither side's private limits. */
    static final Actor READER = new Actor("arbiter:webhooks", Role.INTEGRATION, "Arbiter webhooks");

    private final JsonMapper json;
    private final DisputeService disputes;

    WebhookPayloads(JsonMapper json, DisputeService disputes) {
        this.json = json;
        this.disputes = disputes;
    }

    /** @param eventId the same for the same event, however often it is handed to the listener */
    record Prepared(UUID eventId, String type, Instant occurredAt, UUID disputeId, String body) {
    }

    /** The same for the same event, however often it is handed to a listener. */
    UUID eventIdOf(Object event, String type) {
        return UUID.nameUUIDFromBytes(("arbiter-event:" + type + ":" + json.writeValueAsString(json.valueToTree(event)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param snapshots the snapshots of the disputes read for the events of the same change, each read once: they
     *                  all show the dispute as the change leaves it
     */
    Prepared prepare(Object event, String type, Long sequence, Map<UUID, JsonNode> snapshots) {
        ObjectNode data = json.valueToTree(event);
        UUID eventId = eventIdOf(event, type);
        UUID disputeId = disputeIdOf(event);
        Instant at = occurredAt(event);
        JsonNode dispute = disputeId == null ? null : snapshots.computeIfAbsent(disputeId, this::snapshot);
        if (event instanceof DisputeEvent disputeEvent) {
            data.put("summary", EventTexts.english(disputeEvent, dispute.path("money").path("currency").asString()));
        }
        if (dispute != null) {
            data.set("dispute", dispute);
        }
        ObjectNode body = json.createObjectNode();
        body.put("id", eventId.toString());
        body.put("type", type);
        body.put("occurredAt", at.toString());
        if (sequence != null) {
            body.put("sequence", sequence);
        }
        body.set("data", data);
        return new Prepared(eventId, type, at, disputeId, json.writeValueAsString(body));
    }

    private JsonNode snapshot(UUID disputeId) {
        ObjectNode dispute = json.valueToTree(disputes.get(READER, disputeId));
        dispute.remove("timeline");
        // Stating a private limit changes the version and nothing else a receiver sees: it would give it away.
        dispute.remove("version");
        dispute.remove("yourRole");
        if (dispute.get("negotiation") instanceof ObjectNode negotiation) {
            negotiation.remove("privateLimits");
        }
        return dispute;
    }

    static UUID disputeIdOf(Object event) {
        if (event instanceof DisputeEvent disputeEvent) {
            return disputeEvent.disputeId();
        }
        if (event instanceof PayoutConfirmed confirmed) {
            return confirmed.disputeId();
        }
        if (event instanceof PayoutNeedsAttention attention) {
            return attention.disputeId();
        }
        return null;
    }

    private static Instant occurredAt(Object event) {
        if (event instanceof DisputeEvent disputeEvent) {
            return disputeEvent.at();
        }
        if (event instanceof PayoutConfirmed confirmed) {
            return confirmed.at();
        }
        if (event instanceof PayoutNeedsAttention attention) {
            return attention.at();
        }
        throw new IllegalArgumentException("not a webhook event: " + event.getClass().getName());
    }
}
