package io.arbiter.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.RealTime;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.outbound.Outbound;
import io.arbiter.outbound.OutboundDelivered;
import io.arbiter.outbound.OutboundGaveUp;
import io.arbiter.outbound.OutboundMessage;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;
import tools.jackson.databind.JsonNode;

/**
 * Turns events into webhooks, one outbound message per interested endpoint, and disables endpoints whose
 * deliveries are given up.
 *
 * <p>The webhooks of a change are written in the change's own transaction, just before it commits: the events it
 * published are numbered, each gets the snapshot of its dispute as the change leaves it (read once per dispute),
 * and the deliveries and their outbound messages go in one insert each. So a webhook exists exactly when its change
 * does, with no record per listener and event beside it; the outbound pollers of every instance send it. A
 * delivery's id is derived from the endpoint and the event, so an event prepared again (see
 * {@link EarlierWebhookEvents}) is not sent twice.
 */
@Component
class WebhookPublisher {

    static final String TOPIC = "webhook";
    /** The key of what this module keeps for the current transaction. */
    private static final Object THIS_TRANSACTION = new Object();
    private static final Logger log = LoggerFactory.getLogger(WebhookPublisher.class);

    private final WebhookStore store;
    private final WebhookPayloads payloads;
    private final Outbound outbound;
    private final WebhookProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    WebhookPublisher(WebhookStore store, WebhookPayloads payloads, Outbound outbound, WebhookProperties properties,
                     ApplicationEventPublisher events, PlatformTransactionManager transactions,
                     @RealTime Clock clock) {
        this.store = store;
        this.payloads = payloads;
        this.outbound = outbound;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    // First among the listeners, so that an event is numbered before those that react to it in the same
    // transaction (a close's payouts) publish theirs. The checks are plain Java rather than listener conditions:
    // a condition is a SpEL evaluation on every event of every step.
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(DisputeEvent event) {
        // Events only one side may read are never sent.
        if (event.visibility() == DisputeEvent.Visibility.EVERYONE) {
            collect(event);
        }
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(PayoutConfirmed event) {
        collect(event);
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(PayoutNeedsAttention event) {
        collect(event);
    }

    private void collect(Object event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            transaction.executeWithoutResult(status -> collect(event));
            return;
        }
        ThisTransaction current = thisTransaction();
        if (wanted(event, current.targets())) {
            current.events().add(event);
        }
    }

    /**
     * Whether an enabled endpoint wants the event. An endpoint registered after the event was published gets the
     * events that follow.
     */
    private static boolean wanted(Object event, List<WebhookStore.Target> targets) {
        return WebhookEventTypes.typeOf(event)
                .map(type -> targets.stream().anyMatch(target -> target.endpoint().wants(type)))
                .orElse(false);
    }

    /**
     * The enabled endpoints, read once per transaction (one change publishes several events, and its endpoints do
     * not change meanwhile), and the wanted events, which are prepared just before the commit.
     */
    private ThisTransaction thisTransaction() {
        ThisTransaction current = (ThisTransaction) TransactionSynchronizationManager.getResource(THIS_TRANSACTION);
        if (current == null) {
            current = new ThisTransaction(store.enabledTargets(), new ArrayList<>());
            ThisTransaction registered = current;
            TransactionSynchronizationManager.bindResource(THIS_TRANSACTION, registered);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    if (!registered.events().isEmpty()) {
                        prepare(registered.events(), registered.targets(), false);
                        registered.events().clear();
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(THIS_TRANSACTION);
                }
            });
        }
        return current;
    }

    private record ThisTransaction(List<WebhookStore.Target> targets, List<Object> events) {
    }

    /** Prepares the webhooks of events published before this version prepared them in the change's transaction. */
    void prepareEarlier(List<Object> earlier) {
        List<WebhookStore.Target> targets = store.enabledTargets();
        List<Object> wanted = earlier.stream().filter(event -> wanted(event, targets)).toList();
        if (!wanted.isEmpty()) {
            prepare(wanted, targets, true);
        }
    }

    /** @param earlier whether the events may have been numbered by an earlier version, which kept the numbers apart */
    private void prepare(List<Object> published, List<WebhookStore.Target> targets, boolean earlier) {
        Instant now = clock.instant();
        List<WebhookStore.Target> sendable = new ArrayList<>();
        for (WebhookStore.Target target : targets) {
            Optional<String> refusal = outbound.refusalToSend(target.endpoint().url());
            if (refusal.isPresent()) {
                // The URL was allowed at registration but no longer is (the configuration changed).
                disable(target.endpoint(), "Its URL is no longer allowed: " + refusal.get(), now);
            } else {
                sendable.add(target);
            }
        }
        Numbers numbers = new Numbers(published, earlier);
        Map<UUID, JsonNode> snapshots = new HashMap<>();
        List<WebhookStore.Sent> deliveries = new ArrayList<>();
        List<OutboundMessage> messages = new ArrayList<>();
        for (Object event : published) {
            String type = WebhookEventTypes.typeOf(event).orElseThrow();
            List<WebhookStore.Target> wanting = sendable.stream()
                    .filter(target -> target.endpoint().wants(type)).toList();
            if (wanting.isEmpty()) {
                continue;
            }
            WebhookPayloads.Prepared prepared = payloads.prepare(event, type, numbers.of(event), snapshots);
            for (WebhookStore.Target target : wanting) {
                WebhookEndpoint endpoint = target.endpoint();
                UUID id = deliveryId(endpoint.id(), prepared.eventId());
                deliveries.add(new WebhookStore.Sent(id, endpoint.id(), prepared.eventId(), prepared.type(),
                        prepared.disputeId(), prepared.occurredAt(), now));
                messages.add(new OutboundMessage(id, TOPIC, endpoint.id().toString(), endpoint.url(),
                        target.secret(), prepared.body()));
            }
        }
        store.insertDeliveries(deliveries);
        outbound.enqueueAll(messages, properties.giveUpAfter());
    }

    /**
     * The numbers of the events among the webhooks of their disputes, in the order they were published: each
     * dispute's counter moves once for all its events of the change. An event numbered by an earlier version
     * keeps its number.
     */
    private final class Numbers {

        private final Map<Object, Long> known = new HashMap<>();
        private final Map<UUID, Long> next = new HashMap<>();

        Numbers(List<Object> published, boolean earlier) {
            Map<UUID, Integer> counts = new LinkedHashMap<>();
            for (Object event : published) {
                UUID disputeId = WebhookPayloads.disputeIdOf(event);
                if (disputeId == null) {
                    continue;
                }
                Optional<Long> numbered = earlier ? store.sequenceOf(payloads.eventIdOf(event,
                        WebhookEventTypes.typeOf(event).orElseThrow())) : Optional.empty();
                if (numbered.isPresent()) {
                    known.put(event, numbered.get());
                } else {
                    counts.merge(disputeId, 1, Integer::sum);
                }
            }
            counts.forEach((disputeId, count) -> next.put(disputeId, store.reserveNumbers(disputeId, count)));
        }

        Long of(Object event) {
            UUID disputeId = WebhookPayloads.disputeIdOf(event);
            if (disputeId == null) {
                return null;
            }
            Long number = known.get(event);
            return number != null ? number : next.merge(disputeId, 1L, Long::sum) - 1;
        }
    }

    // In the outbound dispatcher's transaction that notes the outcome: counted exactly when the outcome is noted.
    @EventListener
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

    @EventListener
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
