package io.arbiter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvents.ClaimContested;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.dispute.Party;
import io.arbiter.identity.Actor;
import io.arbiter.settlement.PayoutEvents.PayoutConfirmed;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;

class WebhookEventTypesTests {

    /** The list the README documents. */
    static final String[] DOCUMENTED = {"dispute.opened", "dispute.offer_made", "dispute.offer_accepted",
            "dispute.offer_declined", "dispute.contested", "dispute.escalated", "dispute.case_assigned",
            "dispute.information_requested", "dispute.information_provided", "dispute.suggestion_posted",
            "dispute.suggestion_accepted", "dispute.decided", "dispute.return_requested",
            "dispute.return_address_confirmed", "dispute.return_shipped", "dispute.return_delivered",
            "dispute.return_received", "dispute.withdrawn", "dispute.evidence_submitted",
            "dispute.evidence_withdrawn", "dispute.message_posted", "dispute.closed",
            "dispute.due_time_approaching", "dispute.due_time_passed", "dispute.due_time_extended",
            "payout.confirmed", "payout.needs_attention"};

    private final WebhookEventTypes types = new WebhookEventTypes();

    @Test
    void sendsDisputeEventsUnderTheNamesTheyDeclare() {
        assertThat(WebhookEventTypes.disputeType(DisputeOpened.class)).isEqualTo("dispute.opened");
        assertThat(WebhookEventTypes.disputeType(DisputeClosed.class)).isEqualTo("dispute.closed");
        assertThat(WebhookEventTypes.disputeType(OfferMade.class)).isEqualTo("dispute.offer_made");
        assertThat(WebhookEventTypes.disputeType(ClaimContested.class)).isEqualTo("dispute.contested");
    }

    @Test
    void offersEveryDocumentedTypeAndEveryDisputeEventButPrivateLimits() {
        assertThat(types.all()).containsExactlyInAnyOrder(DOCUMENTED).doesNotContain("dispute.private_limit_stated")
                .doesNotHaveDuplicates().isSorted();
        for (Class<? extends DisputeEvent> event : DisputeEvent.types()) {
            if (event != PrivateLimitStated.class) {
                assertThat(types.all()).contains(WebhookEventTypes.disputeType(event));
            }
        }
    }

    @Test
    void neverSendsAPrivateLimit() {
        Actor buyer = new Actor("buyer-1", io.arbiter.identity.Role.BUYER, "Buyer");
        assertThat(WebhookEventTypes.typeOf(new PrivateLimitStated(UUID.randomUUID(), Party.BUYER, 1200, buyer,
                Instant.now()))).isEmpty();
        assertThat(WebhookEventTypes.typeOf(new OfferMade(UUID.randomUUID(), UUID.randomUUID(), Party.BUYER,
                io.arbiter.dispute.Terms.partialRefund(1200), null, null, buyer, Instant.now()))).contains("dispute.offer_made");
    }

    @Test
    void namesPayoutEvents() {
        assertThat(WebhookEventTypes.typeOf(new PayoutConfirmed(UUID.randomUUID(), "ORD-1", null, "RELEASE", "s",
                100, "EUR", Instant.now()))).contains("payout.confirmed");
        assertThat(WebhookEventTypes.typeOf(new PayoutNeedsAttention(UUID.randomUUID(), "ORD-1", null, "REFUND",
                "FAILED", "card closed", Instant.now()))).contains("payout.needs_attention");
        assertThat(WebhookEventTypes.typeOf("not an event")).isEmpty();
    }

    /** The admin pages show each type by name beside its code, in every language of the pages. */
    @Test
    void everyTypeHasANameInEachLanguage() throws java.io.IOException {
        for (String language : new String[] {"", "_es", "_pt", "_fr", "_ru"}) {
            java.util.Properties names = new java.util.Properties();
            try (var in = new java.io.InputStreamReader(getClass().getResourceAsStream(
                    "/i18n/admin" + language + ".properties"), java.nio.charset.StandardCharsets.UTF_8)) {
                names.load(in);
            }
            assertThat(types.all()).allSatisfy(type -> assertThat(names.getProperty("webhookType." + type))
                            .as(type + " in admin" + language).isNotBlank());
        }
    }
}
