package io.arbiter.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;

/**
 * The webhook event types. A dispute event's type is {@code dispute.} and its class name in snake case without
 * a leading {@code Dispute} ({@code OfferMade} is {@code dispute.offer_made}, {@code DisputeClosed} is
 * {@code dispute.closed}), so a new {@link DisputeEvent} is sent, and can be subscribed to, without a change
 * here. Events that not every party may read ({@link PrivateLimitStated}) are never sent.
 */
@Component
public class WebhookEventTypes {

    public static final String PAYOUT_CONFIRMED = "payout.confirmed";
    public static final String PAYOUT_NEEDS_ATTENTION = "payout.needs_attention";

    /** Class names the rule would turn into a worse type name. */
    private static final Map<String, String> RENAMED = Map.of("ClaimContested", "dispute.contested");

    private final List<String> all;

    WebhookEventTypes() {
        this.all = scan();
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
        return !(event instanceof PrivateLimitStated) && event.visibility() == DisputeEvent.Visibility.EVERYONE;
    }

    static String disputeType(Class<?> type) {
        String name = type.getSimpleName();
        String renamed = RENAMED.get(name);
        if (renamed != null) {
            return renamed;
        }
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return "dispute." + (snake.startsWith("dispute_") ? snake.substring("dispute_".length()) : snake);
    }

    /** The dispute events on the class path (every module's, not only today's), and the payout events. */
    private static List<String> scan() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isConcrete() && definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(DisputeEvent.class));
        TreeSet<String> types = new TreeSet<>();
        ClassLoader loader = WebhookEventTypes.class.getClassLoader();
        for (var candidate : scanner.findCandidateComponents("io.arbiter")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), loader);
            if (type != PrivateLimitStated.class) {
                types.add(disputeType(type));
            }
        }
        types.add(PAYOUT_CONFIRMED);
        types.add(PAYOUT_NEEDS_ATTENTION);
        return List.copyOf(types);
    }
}
