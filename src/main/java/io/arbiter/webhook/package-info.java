/**
 * Webhooks to the marketplace. Admins register endpoints (URL, event types, a {@code whsec_} signing secret shown
 * once); every dispute event that both parties may read ({@code dispute.*}, named after the event classes, so new
 * ones flow without a change here; never a private limit) and every payout outcome ({@code payout.*}) becomes one
 * signed JSON POST per interested endpoint, carrying the event and a full snapshot of the dispute. Writes them in
 * the transaction of the change, just before it commits, into the outbound module's outbox (Standard Webhooks
 * signatures, retries, the attempt log), numbered per dispute so that receivers can order them. An endpoint
 * whose deliveries are given up is disabled and {@link io.arbiter.webhook.WebhookEndpointDisabled} is published. Owns the
 * {@code webhook_endpoint}, {@code webhook_delivery} and {@code webhook_*_sequence} tables; only the pages (the admin page registers
 * endpoints) and the notification module (an admin is told of a disabled endpoint) depend on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "identity", "outbound", "settlement"})
package io.arbiter.webhook;
