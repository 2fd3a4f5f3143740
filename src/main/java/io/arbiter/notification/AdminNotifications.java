package io.arbiter.notification;

import static io.arbiter.notification.NotificationKind.PAYOUT_NEEDS_ATTENTION;
import static io.arbiter.notification.NotificationKind.WEBHOOK_ENDPOINT_DISABLED;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;
import io.arbiter.webhook.WebhookEndpointDisabled;

/**
 * What admins are told: the troubles of the machinery around disputes (a payout the provider refused, a webhook
 * endpoint switched off), not steps of a dispute, which {@link Notifications} tells. Like those, each notice is
 * written in the transaction of the change that published the event.
 */
@Component
class AdminNotifications {

    private final Inbox inbox;
    private final UserDirectory users;

    AdminNotifications(Inbox inbox, UserDirectory users) {
        this.inbox = inbox;
        this.users = users;
    }

    @EventListener
    void on(PayoutNeedsAttention event) {
        inbox.post(Notice.draft(PAYOUT_NEEDS_ATTENTION, "PayoutNeedsAttention/" + event.payoutId() + "/" + event.at(),
                        event.at())
                .about(event.disputeId()).title(event.orderId())
                .says(Phrase.of("PAYOUT_NEEDS_ATTENTION.problem", event.payoutId(), event.kind(), event.status(),
                                event.reason()),
                        Phrase.of("PAYOUT_NEEDS_ATTENTION.asked"))
                .to(admins()));
    }

    @EventListener
    void on(WebhookEndpointDisabled event) {
        inbox.post(Notice.draft(WEBHOOK_ENDPOINT_DISABLED,
                        "WebhookEndpointDisabled/" + event.endpointId() + "/" + event.at(), event.at())
                .title()
                .says(Phrase.of("WEBHOOK_ENDPOINT_DISABLED.disabled", event.url(), event.reason()),
                        Phrase.of("WEBHOOK_ENDPOINT_DISABLED.asked"))
                .to(admins()));
    }

    private List<String> admins() {
        return users.findByRole(Role.ADMIN).stream().map(UserDirectory.User::id).toList();
    }
}
