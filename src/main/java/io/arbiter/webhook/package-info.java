/**
 * Webhooks to the marketplace. Admins register endpoints (URL, event types, a {@code whsec_} signing secret shown
 * once); every dispute event that both parties may read ({@code dispute.*}, named after the event classes, so new
 * ones flow without a change here; never a private limit) and every payout outcome ({@code payout.*}) becomes one
 * signed JSON POST per interested endpoint, carrying the event and a full snapshot of the dispute. Listens after
 * commit through Spring Modulith's event publication registry (the outbox of events) and sends through the
 * outbound module (the outbox of HTTP calls: Standard Webhooks signatures, retries, the attempt log). An endpoint
 * whose deliveries are given up is disabled and {@link io.arbiter.webhook.WebhookEndpointDisabled} is published.
 * Numbers each dispute's webhooks in the transaction of the change, so receivers can order them. Owns the
 * {@code webhook_endpoint}, {@code webhook_delivery} and {@code webhook_*_sequence} tables; nobody depends on it.
 */
package io.arbiter.webhook;
