package io.arbiter.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.arbiter.common.RealTime;
import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.outbound.Outbound;
import io.arbiter.outbound.OutboundDelivered;
import io.arbiter.outbound.OutboundGaveUp;
import io.arbiter.outbound.OutboundMessage;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;

/**
 * Turns events into webhooks, one outbound message per interested endpoint, and disables endpoints whose
 * deliveries are given up.
 *
 * <p>The listeners run after the change commits, each in a transaction of its own, and Spring Modulith keeps
 * every publication in its registry until the listener completes, so an event is never lost; it may be handed
 * over again (after a crash, on restart). That is harmless: a delivery's id is derived from the endpoint and the
 * event, and a delivery already recorded is not sent again.
 */
@Component
class WebhookPublisher {

    static final String TOPIC = "webhook";
    /** The key of the enabled endpoints read in the current transaction. */
    private static final Object ENABLED_TARGETS = new Object();
    private static final Logger log = LoggerFactory.getLogger(WebhookPublisher.class);

    private final WebhookStore store;
    private final WebhookPayloads payloads;
    private final Outbound outbound;
    private final WebhookProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WebhookPublisher(WebhookStore store, WebhookPayloads payloads, Outbound outbound, WebhookProperties properties,
                     ApplicationEventPublisher events, @RealTime Clock clock) {
        this.store = store;
        this.payloads = payloads;
        this.outbound = outbound;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    // Events only one side may read are not even kept in the publication registry for this listener.
    @ApplicationModuleListener(condition = "#root.args[0].visibility().name() == 'EVERYONE'"
            + " and @webhookPublisher.wanted(#root.args[0])")
    void on(DisputeEvent event) {
        publish(event);
    }

    @ApplicationModuleListener(condition = "@webhookPublisher.wanted(#root.args[0])")
    void on(PayoutConfirmed event) {
        publish(event);
    }

    @ApplicationModuleListener(condition = "@webhookPublisher.wanted(#root.args[0])")
    void on(PayoutNeedsAttention event) {
        publish(event);
    }

    // Numbered in the transaction of the change, before it commits: the webhooks themselves are prepared after
    // commit, on threads that may take them in any order. First among the listeners, so that an event is numbered
    // before those that react to it in the same transaction (a close's payouts) publish theirs. The check is plain
    // Java rather than a listener condition: a condition is a SpEL evaluation on every event of every step.
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void number(DisputeEvent event) {
        numberIfWanted(event);
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void number(PayoutConfirmed event) {
        numberIfWanted(event);
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void number(PayoutNeedsAttention event) {
        numberIfWanted(event);
    }

    private void numberIfWanted(Object event) {
        if (wanted(event)) {
            numbered(event);
        }
    }

    /** The event's place among the webhooks of its dispute; null for an event of no dispute. */
    private Long numbered(Object event) {
        UUID disputeId = WebhookPayloads.disputeIdOf(event);
        String type = WebhookEventTypes.typeOf(event).orElseThrow();
        return disputeId == null ? null : store.number(payloads.eventIdOf(event, type), disputeId);
    }

    /**
     * Whether an enabled endpoint wants the event, asked while the event is published: one that no endpoint wants is
     * not kept in the publication registry, where it would cost three writes and a transaction or two for nothing
     * (most of the work of a deadline firing, for a marketplace without webhooks). An endpoint registered after
     * that moment gets the events that follow.
     */
    public boolean wanted(Object event) {
        return WebhookEventTypes.typeOf(event)
                .map(type -> enabledTargetsOfThisTransaction().stream()
                        .anyMatch(target -> target.endpoint().wants(type)))
                .orElse(false);
    }

    /** Read once per transaction: one change publishes several events, and its endpoints do not change meanwhile. */
    private List<WebhookStore.Target> enabledTargetsOfThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return store.enabledTargets();
        }
        @SuppressWarnings("unchecked")
        List<WebhookStore.Target> read = (List<WebhookStore.Target>) TransactionSynchronizationManager
                .getResource(ENABLED_TARGETS);
        if (read == null) {
            read = store.enabledTargets();
            TransactionSynchronizationManager.bindResource(ENABLED_TARGETS, read);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ENABLED_TARGETS);
                }
            });
        }
        return read;
    }

    @ApplicationModuleListener(condition = "#root.args[0].topic() == 'webhook'")
    void on(OutboundGaveUp event) {
        if (!TOPIC.equals(event.topic())) {
            return;
        }
        Optional<WebhookStore.Sent> delivery = store.delivery(event.messageId());
        // Counted once per give-up, however often this event is handed over.
        if (delivery.isEmpty() || !store.noteOutcome(event.messageId(), "GAVE_UP", event.at())) {
            return;
        }
        UUID endpointId = delivery.get().endpointId();
        int inARow = store.countGiveUp(endpointId);
        if (inARow >= properties.disableAfterGiveUps()) {
            String reason = (inARow == 1 ? "A delivery was given up" : inARow + " deliveries in a row were given up")
                    + ": " + delivery.get().eventType() + " (delivery " + event.messageId() + ") got no 2xx within "
                    + describe(properties.giveUpAfter()) + "; the last attempt got " + event.lastError();
            store.endpoint(endpointId).ifPresent(endpoint -> disable(endpoint, reason, event.at()));
        }
    }

    @ApplicationModuleListener(condition = "#root.args[0].topic() == 'webhook'")
    void on(OutboundDelivered event) {
        if (TOPIC.equals(event.topic())) {
            store.delivery(event.messageId())
                    .filter(delivery -> store.noteOutcome(event.messageId(), "DELIVERED", event.at()))
                    .ifPresent(delivery -> store.resetGiveUps(delivery.endpointId()));
        }
    }

    /** The id of the delivery of an event to an endpoint: the same each time, so that it is sent once. */
    static UUID deliveryId(UUID endpointId, UUID eventId) {
        return UUID.nameUUIDFromBytes(("arbiter-webhook-delivery:" + endpointId + ":" + eventId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private void publish(Object event) {
        Optional<String> type = WebhookEventTypes.typeOf(event);
        if (type.isEmpty()) {
            return;
        }
        List<WebhookStore.Target> targets = store.enabledTargets().stream()
                .filter(target -> target.endpoint().wants(type.get())).toList();
        if (targets.isEmpty()) {
            return;
        }
        // An event handed over from before numbering began gets its number now.
        WebhookPayloads.Prepared prepared = payloads.prepare(event, type.get(), numbered(event));
        Instant now = clock.instant();
        for (WebhookStore.Target target : targets) {
            WebhookEndpoint endpoint = target.endpoint();
            UUID id = deliveryId(endpoint.id(), prepared.eventId());
            if (!store.insertDelivery(new WebhookStore.Sent(id, endpoint.id(), prepared.eventId(), prepared.type(),
                    prepared.disputeId(), prepared.occurredAt(), now))) {
                continue;
            }
            try {
                outbound.enqueue(new OutboundMessage(id, TOPIC, endpoint.id().toString(), endpoint.url(),
                        target.secret(), prepared.body()), properties.giveUpAfter());
            } catch (RuleViolationException refused) {
                // The URL was allowed at registration but no longer is (configuration or DNS changed).
                store.deleteDelivery(id);
                disable(endpoint, "Its URL is no longer allowed: " + refused.getMessage(), now);
            }
        }
    }

    private void disable(WebhookEndpoint endpoint, String reason, Instant at) {
        if (store.disable(endpoint.id(), reason, at)) {
            log.warn("disabled webhook endpoint {} ({}): {}", endpoint.id(), endpoint.url(), reason);
            events.publishEvent(new WebhookEndpointDisabled(endpoint.id(), endpoint.url(), reason, at));
        }
    }

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 86400 == 0) {
            long days = duration.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + " hours";
        }
        return duration.toString();
    }
}
