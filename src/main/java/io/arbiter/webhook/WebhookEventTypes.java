package io.arbiter.webhook;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;

/**
 * The webhook event types: a dispute event is sent as the {@code webhook} name it {@linkplain DisputeEvent.Wire
 * declares} ({@code OfferMade} as {@code dispute.offer_made}), so renaming a class changes no public name. Events that
 * not every party may read ({@link PrivateLimitStated}, which declares no webhook name) are never sent.
 */
@Component
public class WebhookEventTypes {

    public static final String PAYOUT_CONFIRMED = "payout.confirmed";
    public static final String PAYOUT_NEEDS_ATTENTION = "payout.needs_attention";

    private final List<String> all;

    WebhookEventTypes() {
        TreeSet<String> types = new TreeSet<>();
        DisputeEvent.types().stream().map(WebhookEventTypes::disputeType).filter(type -> !type.isEmpty())
                .forEach(types::add);
        types.add(PAYOUT_CONFIRMED);
        types.add(PAYOUT_NEEDS_ATTENTION);
        this.all = List.copyOf(types);
    }

    /** Every type an endpoint can subscribe to, sorted. */
    public List<String> all() {
        return all;
    }

    public boolean isKnown(String type) {
        return all.contains(type);
    }

    /** The type the event is sent as, or empty when it is never sent. */
    public static Optional<String> typeOf(Object event) {
        if (event instanceof DisputeEvent dispute) {
            return sent(dispute) ? Optional.of(disputeType(dispute.getClass())) : Optional.empty();
        }
        if (event instanceof PayoutConfirmed) {
            return Optional.of(PAYOUT_CONFIRMED);
        }
        if (event instanceof PayoutNeedsAttention) {
            return Optional.of(PAYOUT_NEEDS_ATTENTION);
        }
        return Optional.empty();
    }

    /** Private limits are never revealed, not even that one was stated; nor is anything only one side may read. */
    static boolean sent(DisputeEvent event) {
        return !disputeType(event.getClass()).isEmpty() && event.visibility() == DisputeEvent.Visibility.EVERYONE;
    }

    /** The webhook name the event type declares; empty for one that is never sent. */
    static String disputeType(Class<? extends DisputeEvent> type) {
        return DisputeEvent.wireOf(type).webhook();
    }
}
