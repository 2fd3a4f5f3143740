package io.arbiter.settlement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;

import io.arbiter.common.Json;
import io.arbiter.outbound.Outbound;
import io.arbiter.outbound.OutboundDelivered;
import io.arbiter.outbound.OutboundGaveUp;
import io.arbiter.outbound.OutboundMessage;

/**
 * The marketplace's payment side over HTTP: each instruction is POSTed, signed like a Standard Webhook, with
 * the instruction id as {@code Idempotency-Key} (and {@code webhook-id}), so however often it is sent the
 * marketplace moves the money once. The marketplace answers later through {@code /api/v1/payouts/{id}/confirm}
 * or {@code /fail}.
 */
class MarketplacePaymentProvider implements PaymentProvider {

    static final String TOPIC = "payout-instruction";

    private final Outbound outbound;
    private final Payouts payouts;
    private final SettlementProperties properties;

    MarketplacePaymentProvider(Outbound outbound, Payouts payouts,
                               SettlementProperties properties) {
        if (properties.payoutUrl() == null || properties.secret() == null) {
            throw new IllegalStateException("arbiter.settlement.provider=marketplace needs"
                    + " arbiter.settlement.payout-url and arbiter.settlement.secret (whsec_...)");
        }
        outbound.checkUrl(properties.payoutUrl().toString());
        this.outbound = outbound;
        this.payouts = payouts;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "marketplace";
    }

    @Override
    public Outcome instruct(PayoutView instruction) {
        if (outbound.status(instruction.id()).isPresent()) {
            outbound.redeliver(instruction.id());
        } else {
            outbound.enqueue(new OutboundMessage(instruction.id(), TOPIC, instruction.id().toString(),
                    properties.payoutUrl().toString(), properties.secret(), payload(instruction)),
                    properties.deliveryGiveUpAfter());
        }
        return Outcome.SUBMITTED;
    }

    @Override
    public void resend(PayoutView instruction) {
        outbound.redeliver(instruction.id());
    }

    @EventListener
    void on(OutboundDelivered event) {
        if (TOPIC.equals(event.topic())) {
            payouts.delivered(UUID.fromString(event.reference()));
        }
    }

    @EventListener
    void on(OutboundGaveUp event) {
        if (TOPIC.equals(event.topic())) {
            payouts.undeliverable(UUID.fromString(event.reference()), event.lastError());
        }
    }

    private static String payload(PayoutView instruction) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "payout.instruction");
        body.put("id", instruction.id());
        body.put("kind", instruction.kind());
        body.put("orderId", instruction.orderId());
        body.put("disputeId", instruction.disputeId());
        body.put("recipientId", instruction.recipientId());
        body.put("amount", instruction.amount());
        body.put("currency", instruction.currency());
        body.put("createdAt", instruction.createdAt().toString());
        return Json.write(body);
    }
}
