package io.arbiter.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.RealTime;
import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.common.StateConflictException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.outbound.MessageStatus;
import io.arbiter.outbound.Outbound;

/** Webhook endpoints and their delivery logs, for admins. */
@Service
@Transactional
public class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;
    private static final int MAX_DESCRIPTION = 500;

    private final WebhookStore store;
    private final WebhookEventTypes types;
    private final Outbound outbound;
    private final Clock clock;

    Webhooks(WebhookStore store, WebhookEventTypes types, Outbound outbound, @RealTime Clock clock) {
        this.store = store;
        this.types = types;
        this.outbound = outbound;
        this.clock = clock;
    }

    /**
     * Registers an endpoint, enabled, with a new signing secret that only this answer shows.
     *
     * @param eventTypes what it receives; null or empty for every type
     * @throws io.arbiter.common.RuleViolationException (field {@code url}) when Arbiter may not POST to the URL
     * @throws InvalidInputException                    (field {@code eventTypes}) naming an unknown type
     */
    public NewWebhookEndpoint register(Actor actor, String url, List<String> eventTypes, String description) {
        requireAdmin(actor);
        String checkedUrl = url == null ? null : url.strip();
        outbound.checkUrl(checkedUrl);
        List<String> checkedTypes = checkTypes(eventTypes);
        String checkedDescription = description == null || description.isBlank() ? null : description.strip();
        if (checkedDescription != null && checkedDescription.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "description is longer than " + MAX_DESCRIPTION
                    + " characters");
        }
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        WebhookEndpoint endpoint = new WebhookEndpoint(UUID.randomUUID(), checkedUrl, checkedTypes,
                checkedDescription, true, now(), actor.id(), null, null, 0);
        store.insertEndpoint(endpoint, secret);
        return new NewWebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.description(),
                true, endpoint.createdAt(), endpoint.createdBy(), secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookEndpoint> list(Actor actor) {
        requireAdmin(actor);
        return store.endpoints();
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint get(Actor actor, UUID id) {
        requireAdmin(actor);
        return load(id);
    }

    /** The types an endpoint may subscribe to. */
    public List<String> eventTypes() {
        return types.all();
    }

    /** Stops sending new events to the endpoint; its log and secret are kept. Disabling twice changes nothing. */
    public WebhookEndpoint disable(Actor actor, UUID id) {
        requireAdmin(actor);
        load(id);
        store.disable(id, "Disabled by " + actor.displayName() + " (" + actor.id() + ")", now());
        return load(id);
    }

    /** Sends new events to the endpoint again, if its URL is still allowed; the give-up count starts over. */
    public WebhookEndpoint enable(Actor actor, UUID id) {
        requireAdmin(actor);
        WebhookEndpoint endpoint = load(id);
        if (!endpoint.enabled()) {
            outbound.checkUrl(endpoint.url());
            store.enable(id);
        }
        return load(id);
    }

    /** The delivery log, newest first: each event, its status and every attempt. */
    @Transactional(readOnly = true)
    public PageResult<WebhookDelivery> deliveries(Actor actor, UUID endpointId, PageRequest page) {
        requireAdmin(actor);
        load(endpointId);
        List<WebhookDelivery> items = new ArrayList<>();
        store.deliveries(endpointId, page).forEach(sent -> items.add(view(sent)));
        return new PageResult<>(items, page.page(), page.size(), store.countDeliveries(endpointId));
    }

    @Transactional(readOnly = true)
    public WebhookDelivery delivery(Actor actor, UUID endpointId, UUID deliveryId) {
        requireAdmin(actor);
        return view(loadDelivery(endpointId, deliveryId));
    }

    /**
     * Sends the delivery again now, whatever its status, with the same {@code webhook-id} and body, and retries
     * it as long as a new one.
     *
     * @throws StateConflictException when the endpoint is disabled
     */
    public WebhookDelivery redeliver(Actor actor, UUID endpointId, UUID deliveryId) {
        requireAdmin(actor);
        WebhookStore.Sent sent = loadDelivery(endpointId, deliveryId);
        if (!load(endpointId).enabled()) {
            throw new StateConflictException("webhook endpoint " + endpointId + " is disabled; enable it first");
        }
        outbound.redeliver(sent.id());
        return view(sent);
    }

    private WebhookDelivery view(WebhookStore.Sent sent) {
        MessageStatus status = outbound.status(sent.id()).orElse(null);
        return new WebhookDelivery(sent.id(), sent.endpointId(), sent.eventId(), sent.eventType(), sent.disputeId(),
                sent.occurredAt(), sent.createdAt(), status == null ? null : status.state(),
                status == null ? null : status.nextAttemptAt(), status == null ? null : status.deliveredAt(),
                outbound.attempts(sent.id()));
    }

    private List<String> checkTypes(List<String> eventTypes) {
        if (eventTypes == null) {
            return List.of();
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String type : eventTypes) {
            if (type == null || !types.isKnown(type.strip())) {
                throw new InvalidInputException("eventTypes", "'" + type + "' is not an event type; the types are "
                        + String.join(", ", types.all()));
            }
            checked.add(type.strip());
        }
        return List.copyOf(checked);
    }

    private WebhookEndpoint load(UUID id) {
        return store.endpoint(id).orElseThrow(() -> new NotFoundException("webhook endpoint", id));
    }

    private WebhookStore.Sent loadDelivery(UUID endpointId, UUID deliveryId) {
        return store.delivery(endpointId, deliveryId)
                .orElseThrow(() -> new NotFoundException("webhook delivery", deliveryId));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.is(Role.ADMIN)) {
            throw new ForbiddenException("only an admin manages webhook endpoints");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
