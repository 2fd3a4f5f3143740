package io.arbiter.notification;

import static io.arbiter.notification.NotificationKind.ANSWER_CONTEST;
import static io.arbiter.notification.NotificationKind.CASE_IN_QUEUE;
import static io.arbiter.notification.NotificationKind.CONFIRM_RETURN_ADDRESS;
import static io.arbiter.notification.NotificationKind.CONFIRM_RETURN_RECEIPT;
import static io.arbiter.notification.NotificationKind.DISPUTE_CLOSED;
import static io.arbiter.notification.NotificationKind.DISPUTE_DECIDED;
import static io.arbiter.notification.NotificationKind.DISPUTE_WITHDRAWN;
import static io.arbiter.notification.NotificationKind.DUE_TIME_APPROACHING;
import static io.arbiter.notification.NotificationKind.DUE_TIME_EXTENDED;
import static io.arbiter.notification.NotificationKind.DUE_TIME_PASSED;
import static io.arbiter.notification.NotificationKind.INFORMATION_PROVIDED;
import static io.arbiter.notification.NotificationKind.INFORMATION_REQUESTED;
import static io.arbiter.notification.NotificationKind.RESPOND_TO_CLAIM;
import static io.arbiter.notification.NotificationKind.RESPOND_TO_OFFER;
import static io.arbiter.notification.NotificationKind.RETURN_DELIVERED;
import static io.arbiter.notification.NotificationKind.SHIP_RETURN;
import static io.arbiter.notification.NotificationKind.SUGGESTION_POSTED;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.arbiter.common.Money;
import io.arbiter.dispute.DeadlineOutcome;
import io.arbiter.dispute.DisputeEvent;
import io.arbiter.dispute.DisputeEvents.ClaimContested;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeDecided;
import io.arbiter.dispute.DisputeEvents.DisputeEscalated;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.dispute.DisputeEvents.DisputeWithdrawn;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.DueTimeExtended;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeEvents.InformationProvided;
import io.arbiter.dispute.DisputeEvents.InformationRequested;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.ReturnAddressConfirmed;
import io.arbiter.dispute.DisputeEvents.ReturnDelivered;
import io.arbiter.dispute.DisputeEvents.ReturnRequested;
import io.arbiter.dispute.DisputeEvents.ReturnShipped;
import io.arbiter.dispute.DisputeEvents.SuggestionPosted;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.SettledBy;
import io.arbiter.dispute.Terms;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * The one place that says which dispute event tells whom what, and by when (admins hear of payouts and webhook
 * endpoints from {@link AdminNotifications}). Each listener runs in the transaction of the change that published
 * the event, so a notice is written exactly when its change commits, with nothing to keep and retry on the side: an
 * after-commit listener cost a publication row (an insert and two updates) and three transactions for every event. E-mails follow the committed inbox items (see {@link MailNotifier}).
 *
 * <p>To tell people about something new (a deadline reminder, say): add a listener here that drafts the notice,
 * and its sentences to every bundle under {@code notification/}. Due times are the ones the events carry, as the
 * dispute's own policy version set them: never recomputed from the policy in force, so a dispute opened under an
 * older version is told its own due times.
 */
@Component
class Notifications {

    private final Inbox inbox;
    private final DisputeService disputes;
    private final UserDirectory users;

    Notifications(Inbox inbox, DisputeService disputes, UserDirectory users) {
        this.inbox = inbox;
        this.disputes = disputes;
        this.users = users;
    }

    // ------------------------------------------------------------------ negotiation

    @EventListener
    void on(DisputeOpened event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        inbox.post(draft(RESPOND_TO_CLAIM, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("RESPOND_TO_CLAIM.opened", name(dispute.buyerId()), dispute.orderId(),
                                reason(event.reason()), dispute.terms(event.claim())),
                        Phrase.of("RESPOND_TO_CLAIM.asked", due))
                .to(dispute.sellerId()));
    }

    @EventListener
    void on(OfferMade event) {
        if (event.by() != Party.BUYER && event.by() != Party.SELLER) {
            return;
        }
        Case dispute = load(event);
        boolean toSeller = event.by() == Party.BUYER;
        Instant due = event.dueAt();
        inbox.post(draft(RESPOND_TO_OFFER, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("RESPOND_TO_OFFER.offer", name(toSeller ? dispute.buyerId() : dispute.sellerId()),
                                dispute.terms(event.terms())),
                        quote("note", event.note()),
                        due == null ? Phrase.of("RESPOND_TO_OFFER.askedUnderReview")
                                : Phrase.of("RESPOND_TO_OFFER.asked", due))
                .to(toSeller ? dispute.sellerId() : dispute.buyerId()));
    }

    @EventListener
    void on(ClaimContested event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        inbox.post(draft(ANSWER_CONTEST, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("ANSWER_CONTEST.contested", name(dispute.sellerId()), event.statement()),
                        due == null ? Phrase.of("ANSWER_CONTEST.askedUnderReview")
                                : Phrase.of("ANSWER_CONTEST.asked", due))
                .to(dispute.buyerId()));
    }

    // ------------------------------------------------------------------ arbitration

    @EventListener
    void on(DisputeEscalated event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        String by = event.by() == Party.BUYER || event.by() == Party.SELLER ? "." + event.by().name() : "";
        inbox.post(draft(CASE_IN_QUEUE, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("CASE_IN_QUEUE.escalated" + by, dispute.orderId(), reason(dispute.reason())),
                        quote("note", event.reason()),
                        Phrase.of("CASE_IN_QUEUE.asked", due))
                .to(everyone(Role.AGENT)));
    }

    @EventListener
    void on(InformationRequested event) {
        Case dispute = load(event);
        inbox.post(draft(INFORMATION_REQUESTED, event, dispute).due(event.dueAt()).title(dispute.orderId())
                .says(Phrase.of("INFORMATION_REQUESTED.question", event.question()),
                        Phrase.of("INFORMATION_REQUESTED.asked", event.dueAt()))
                .to(dispute.of(event.from())));
    }

    @EventListener
    void on(InformationProvided event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        inbox.post(draft(INFORMATION_PROVIDED, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("INFORMATION_PROVIDED.answer." + event.by().name(), event.text()),
                        due == null ? null : Phrase.of("INFORMATION_PROVIDED.asked", due))
                .to(dispute.agentId()));
    }

    @EventListener
    void on(SuggestionPosted event) {
        Case dispute = load(event);
        inbox.post(draft(SUGGESTION_POSTED, event, dispute).title(dispute.orderId())
                .says(Phrase.of("SUGGESTION_POSTED.suggestion", dispute.terms(event.terms()), event.reasons()),
                        Phrase.of("SUGGESTION_POSTED.asked"))
                .to(dispute.buyerId(), dispute.sellerId()));
    }

    /** A decision that closes the dispute at once is told with its money by {@link #on(DisputeClosed)}. */
    @EventListener
    void on(DisputeDecided event) {
        if (event.terms().type() != ResolutionType.FULL_REFUND_WITH_RETURN) {
            return;
        }
        Case dispute = load(event);
        inbox.post(draft(DISPUTE_DECIDED, event, dispute).title(dispute.orderId())
                .says(Phrase.of("DISPUTE_DECIDED.decision", dispute.terms(event.terms()), event.reasons()),
                        Phrase.of("DISPUTE_DECIDED.next"))
                .to(dispute.buyerId(), dispute.sellerId()));
    }

    // ------------------------------------------------------------------ returns

    @EventListener
    void on(ReturnRequested event) {
        Case dispute = load(event);
        var shipment = dispute.brief().returnShipment();
        if (shipment != null && event.at().equals(shipment.addressConfirmedAt())) {
            return; // the seller gave the address in the same step (accepting with it): nothing left to ask
        }
        Instant due = event.dueAt();
        inbox.post(draft(CONFIRM_RETURN_ADDRESS, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of(event.sellerPaysReturnShipping() ? "CONFIRM_RETURN_ADDRESS.sellerPays"
                                : "CONFIRM_RETURN_ADDRESS.buyerPays"),
                        Phrase.of("CONFIRM_RETURN_ADDRESS.asked", due))
                .to(dispute.sellerId()));
    }

    @EventListener
    void on(ReturnAddressConfirmed event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        inbox.post(draft(SHIP_RETURN, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("SHIP_RETURN.address", event.address()), Phrase.of("SHIP_RETURN.asked", due))
                .to(dispute.buyerId()));
    }

    @EventListener
    void on(ReturnShipped event) {
        Case dispute = load(event);
        inbox.post(draft(CONFIRM_RETURN_RECEIPT, event, dispute).title(dispute.orderId())
                .says(Phrase.of("CONFIRM_RETURN_RECEIPT.shipped", event.carrier(), event.trackingNumber()),
                        Phrase.of("CONFIRM_RETURN_RECEIPT.asked"))
                .to(dispute.sellerId()));
    }

    @EventListener
    void on(ReturnDelivered event) {
        Case dispute = load(event);
        Instant due = event.dueAt();
        inbox.post(draft(RETURN_DELIVERED, event, dispute).due(due).title(dispute.orderId())
                .says(Phrase.of("RETURN_DELIVERED.asked", due))
                .to(dispute.sellerId()));
    }

    // ------------------------------------------------------------------ endings

    /** The buyer withdrew: the seller hears it from {@link #on(DisputeWithdrawn)}, the buyer knows. */
    @EventListener
    void on(DisputeClosed event) {
        if (event.settledBy() == SettledBy.WITHDRAWAL) {
            return;
        }
        Case dispute = load(event);
        DisputeView.Outcome outcome = dispute.brief().outcome();
        Terms terms = outcome != null ? outcome.terms() : Terms.of(event.outcome());
        boolean reasoned = event.settledBy() == SettledBy.AGENT_DECISION
                || event.settledBy() == SettledBy.SUGGESTION_ACCEPTED;
        inbox.post(draft(DISPUTE_CLOSED, event, dispute).title(dispute.orderId())
                .says(Phrase.of("DISPUTE_CLOSED.outcome." + event.settledBy().name(), dispute.terms(terms)),
                        reasoned && outcome != null ? quote("reasons", outcome.reasons()) : null,
                        event.outcome() == ResolutionType.RESHIPMENT ? Phrase.of("DISPUTE_CLOSED.reshipment")
                                : Phrase.of("DISPUTE_CLOSED.money", event.refundToBuyer(), event.releaseToSeller()),
                        event.returnShippingReimbursement().isZero() ? null
                                : Phrase.of("DISPUTE_CLOSED.reimbursement", event.returnShippingReimbursement()),
                        event.settledBy() == SettledBy.AGENT_DECISION ? Phrase.of("DISPUTE_CLOSED.final") : null)
                .to(event.buyerId(), event.sellerId()));
    }

    @EventListener
    void on(DisputeWithdrawn event) {
        Case dispute = load(event);
        DisputeView.Outcome outcome = dispute.brief().outcome();
        long released = outcome == null || outcome.releaseToSeller() == null ? 0 : outcome.releaseToSeller();
        inbox.post(draft(DISPUTE_WITHDRAWN, event, dispute).title(dispute.orderId())
                .says(quote("note", event.reason()),
                        Phrase.of("DISPUTE_WITHDRAWN.released", Money.of(released, dispute.currency())))
                .to(dispute.sellerId()));
    }

    // ------------------------------------------------------------------ due times

    @EventListener
    void on(DueTimeApproaching event) {
        Case dispute = load(event);
        // How long is left tells the 48-hour reminder from the 24-hour one, in the title (the e-mail's subject) too.
        Phrase left = Phrase.of("hours", event.before().toHours());
        inbox.post(draft(DUE_TIME_APPROACHING, event, dispute).due(event.dueAt()).title(dispute.orderId(), left)
                .says(Phrase.of("DUE_TIME_APPROACHING." + event.dueTime().name(), dispute.orderId(), event.dueAt(),
                        left))
                .to(whoActs(dispute, event.party())));
    }

    /** Agents hear of a silence on their side of the case; any other outcome is told by the events it causes. */
    @EventListener(condition = "@notifications.toldToAgents(#root.args[0])")
    void on(DueTimePassed event) {
        Case dispute = load(event);
        Phrase passed = event.party() == Party.AGENT ? Phrase.of("DUE_TIME_PASSED.review", event.dueAt())
                : Phrase.of("DUE_TIME_PASSED.information." + event.party().name(), event.dueAt());
        inbox.post(draft(DUE_TIME_PASSED, event, dispute).title(dispute.orderId())
                .says(passed,
                        event.outcome() == DeadlineOutcome.FLAG_IN_QUEUE ? Phrase.of("DUE_TIME_PASSED.flagged") : null,
                        Phrase.of("DUE_TIME_PASSED.asked"))
                .to(whoActs(dispute, Party.AGENT)));
    }

    public boolean toldToAgents(DueTimePassed event) {
        return event.outcome() == DeadlineOutcome.NOTIFY_AGENT || event.outcome() == DeadlineOutcome.FLAG_IN_QUEUE;
    }

    @EventListener
    void on(DueTimeExtended event) {
        Case dispute = load(event);
        inbox.post(draft(DUE_TIME_EXTENDED, event, dispute).due(event.until()).title(dispute.orderId())
                .says(Phrase.of(event.dueTime() == DueTime.EVIDENCE ? "DUE_TIME_EXTENDED.evidence"
                                : "DUE_TIME_EXTENDED.extended", event.until()),
                        quote("reasons", event.reason()))
                .to(whoActs(dispute, event.party())));
    }

    // ------------------------------------------------------------------ helpers

    private static Notice.Draft draft(NotificationKind kind, DisputeEvent event, Case dispute) {
        return Notice.draft(kind, event.getClass().getSimpleName() + "/" + event.disputeId() + "/" + event.at(),
                event.at()).about(dispute.id());
    }

    private Case load(DisputeEvent event) {
        return new Case(disputes.brief(event.disputeId())
                .orElseThrow(() -> new IllegalStateException("no dispute " + event.disputeId())));
    }

    /** The party that must act; on the agents' side the assigned agent, or every agent while nobody took the case. */
    private List<String> whoActs(Case dispute, Party party) {
        if (party != Party.AGENT) {
            return Collections.singletonList(dispute.of(party));
        }
        return dispute.agentId() != null ? List.of(dispute.agentId()) : everyone(Role.AGENT);
    }

    private List<String> everyone(Role role) {
        return users.findByRole(role).stream().map(UserDirectory.User::id).toList();
    }

    private String name(String userId) {
        return users.displayName(userId);
    }

    private static Phrase reason(DisputeReason reason) {
        return Phrase.of("reason." + reason.name());
    }

    /** Someone's own words (a note, a reason), quoted; nothing when they wrote none. */
    private static Phrase quote(String what, String text) {
        return text == null || text.isBlank() ? null : Phrase.of("quote." + what, text.strip());
    }
}
