package io.arbiter.webhook.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.http.CacheControl;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.identity.Actor;
import io.arbiter.webhook.NewWebhookEndpoint;
import io.arbiter.webhook.WebhookDelivery;
import io.arbiter.webhook.WebhookEndpoint;
import io.arbiter.webhook.Webhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/v1/admin/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    record NewEndpoint(@NotBlank @Size(max = 2000) String url, @Size(max = 100) List<String> eventTypes,
                       @Size(max = 500) String description) {
    }

    @PostMapping
    @Operation(summary = "Register a webhook endpoint (admin); its signing secret is shown only in this answer")
    ResponseEntity<NewWebhookEndpoint> register(Actor actor, @Valid @RequestBody NewEndpoint endpoint) {
        NewWebhookEndpoint created = webhooks.register(actor, endpoint.url(), endpoint.eventTypes(),
                endpoint.description());
        return ResponseEntity.created(URI.create("/api/v1/admin/webhooks/" + created.id()))
                .cacheControl(CacheControl.noStore()).body(created);
    }

    @GetMapping
    @Operation(summary = "Every webhook endpoint, enabled or not (admin)")
    List<WebhookEndpoint> list(Actor actor) {
        return webhooks.list(actor);
    }

    @GetMapping("/event-types")
    @Operation(summary = "The event types an endpoint can subscribe to")
    List<String> eventTypes() {
        return webhooks.eventTypes();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A webhook endpoint; disabledReason says why Arbiter or an admin disabled it")
    WebhookEndpoint get(Actor actor, @PathVariable UUID id) {
        return webhooks.get(actor, id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Disable a webhook endpoint: it receives nothing new; its delivery log is kept")
    WebhookEndpoint disable(Actor actor, @PathVariable UUID id) {
        return webhooks.disable(actor, id);
    }

    @PostMapping("/{id}/enable")
    @Operation(summary = "Enable a disabled webhook endpoint again")
    WebhookEndpoint enable(Actor actor, @PathVariable UUID id) {
        return webhooks.enable(actor, id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The endpoint's delivery log, newest first: each event, its status, every attempt")
    PageResult<WebhookDelivery> deliveries(Actor actor, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return webhooks.deliveries(actor, id, new PageRequest(page, size));
    }

    @GetMapping("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with every attempt")
    WebhookDelivery delivery(Actor actor, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        return webhooks.delivery(actor, id, deliveryId);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery again now, with the same webhook-id and body")
    WebhookDelivery redeliver(Actor actor, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        return webhooks.redeliver(actor, id, deliveryId);
    }
}
