package io.arbiter.settlement;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.SqlTime;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.SettlementProgress;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.order.OrderEvents.HoldResolved;
import io.arbiter.order.OrderEvents.PaymentHeld;
import io.arbiter.settlement.PayoutInstruction.Kind;
import io.arbiter.settlement.PayoutInstruction.Status;

/**
 * Turns resolved holds into payout instructions and books confirmed ones in the ledger.
 *
 * <p>The listeners run inside the transaction of the change that caused them (an import, a decision, a receipt
 * confirmation): the hold, the instruction and the decision commit together or not at all, so no outcome is ever
 * left without its instruction. The marketplace provider only queues its HTTP call in that transaction (an outbox),
 * so a crash after the commit loses nothing.
 */
@Service
@Transactional
public class Payouts implements SettlementProgress {

    private final PayoutStore instructions;
    private final Ledger ledger;
    private final PaymentProvider provider;
    private final SettlementProperties properties;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Payouts(PayoutStore instructions, Ledger ledger, PaymentProvider provider,
            SettlementProperties properties, JdbcClient jdbc,
            ApplicationEventPublisher events, Clock clock) {
        this.instructions = instructions;
        this.ledger = ledger;
        this.provider = provider;
        this.properties = properties;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(PaymentHeld event) {
        // The change from what the ledger took in so far: a re-import may go back to an earlier amount, and every
        // change is its own journal (numbered, so that 1000->2500 twice are two journals, not one).
        Ledger.Booked booked = ledger.booked(event.orderId(), Ledger.Kind.PAYMENT_HELD, Ledger.escrow(event.orderId()));
        long change = event.amount() - booked.total();
        if (change == 0) {
            return;
        }
        ledger.post(Ledger.Kind.PAYMENT_HELD, event.orderId(), event.currency(),
                "payment-held:" + event.orderId() + ":" + booked.total() + "->" + event.amount() + "#"
                        + booked.journals(),
                "payment held by the marketplace",
                Map.of(Ledger.buyerPayments(event.buyerId()), -change, Ledger.escrow(event.orderId()), change));
    }

    @EventListener
    void on(HoldResolved event) {
        // A hold resolves once, and never for more than it holds: a repeated or conflicting resolution moves nothing.
        record Before(boolean instructed, long held) {
        }
        Before before = jdbc.sql("""
                        select (select count(*) from payout_instruction where order_id = :order) instructed,
                               (select coalesce(sum(amount), 0) from ledger_entry
                                 where account = :escrow and currency = :currency) held""")
                .param("order", event.orderId()).param("escrow", Ledger.escrow(event.orderId()))
                .param("currency", event.currency())
                .query((rs, row) -> new Before(rs.getLong("instructed") > 0, rs.getLong("held"))).single();
        if (before.instructed()) {
            throw new StateConflictException("the payment of order " + event.orderId() + " was resolved before");
        }
        if (event.refundToBuyer() + event.releaseToSeller() > before.held()) {
            throw new StateConflictException("order " + event.orderId() + " holds " + before.held()
                    + "; it cannot pay out " + (event.refundToBuyer() + event.releaseToSeller()));
        }
        Instant now = now();
        List<PayoutInstruction> created = new ArrayList<>();
        if (event.refundToBuyer() > 0) {
            created.add(PayoutInstruction.create(event.orderId(), event.disputeId(), Kind.REFUND, event.buyerId(),
                    event.sellerId(), event.refundToBuyer(), event.currency(), provider.name(), now));
        }
        if (event.releaseToSeller() > 0) {
            created.add(PayoutInstruction.create(event.orderId(), event.disputeId(), Kind.RELEASE, event.sellerId(),
                    event.sellerId(), event.releaseToSeller(), event.currency(), provider.name(), now));
        }
        // Handed to the payment side one by one, then written together: the journals, then the instructions.
        List<Ledger.Journal> bookings = new ArrayList<>();
        created.forEach(instruction -> handOver(instruction).ifPresent(bookings::add));
        if (!bookings.isEmpty()) {
            ledger.postAll(bookings);
        }
        instructions.insertAll(created);
    }

    /** Return shipping the seller agreed to bear is paid outside Arbiter; the ledger records the debt. */
    @EventListener
    void on(DisputeClosed event) {
        long reimbursement = event.returnShippingReimbursement().amount();
        if (reimbursement > 0) {
            ledger.post(Ledger.Kind.RETURN_SHIPPING_REIMBURSEMENT, event.orderId(), event.refundToBuyer().currency(),
                    "reimbursement:" + event.disputeId(), "return shipping the seller agreed to bear",
                    Map.of(Ledger.sellerOwesReturnShipping(event.sellerId()), -reimbursement,
                            Ledger.buyerReturnShippingDue(event.buyerId()), reimbursement));
        }
    }

    /**
     * The payment side confirms that the money moved. Confirming twice changes nothing. The instruction's row is
     * locked first, so a confirmation waits for Arbiter's own bookkeeping of the same instruction (its delivery
     * being recorded) instead of clashing with it.
     */
    public PayoutView confirm(Actor actor, UUID id) {
        requireIntegration(actor);
        PayoutInstruction instruction = load(id);
        if (instruction.confirm(now())) {
            book(instruction);
        }
        return instructions.save(instruction).view();
    }

    /** The payment side could not move the money; an admin decides what happens next. */
    public PayoutView fail(Actor actor, UUID id, String reason) {
        requireIntegration(actor);
        PayoutInstruction instruction = load(id);
        instruction.fail(reason, now());
        PayoutView view = instructions.save(instruction).view();
        needsAttention(view, reason);
        return view;
    }

    /** An admin sends a failed or escalated instruction again. */
    public PayoutView retry(Actor actor, UUID id) {
        if (!actor.is(Role.ADMIN)) {
            throw new ForbiddenException("only an admin retries a payout");
        }
        PayoutInstruction instruction = load(id);
        instruction.retry();
        handOver(instruction).ifPresent(journal -> ledger.postAll(List.of(journal)));
        return instructions.save(instruction).view();
    }

    @Transactional(readOnly = true)
    public List<PayoutView> list(Actor actor, String status) {
        if (!actor.isOneOf(Role.ADMIN, Role.INTEGRATION)) {
            throw new ForbiddenException("payout instructions are for admins and the marketplace integration");
        }
        List<PayoutView> views = new ArrayList<>();
        instructions.all().forEach(instruction -> {
            if (status == null || instruction.status().name().equals(status)) {
                views.add(instruction.view());
            }
        });
        views.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return views;
    }

    @Transactional(readOnly = true)
    public List<PayoutView> ofOrder(String orderId) {
        return instructions.ofOrder(orderId).stream().map(PayoutInstruction::view).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Settlement> of(UUID disputeId) {
        List<PayoutInstruction> found = instructions.ofDispute(disputeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        boolean attention = found.stream().anyMatch(i -> i.status() == Status.FAILED || i.status() == Status.ESCALATED);
        boolean settled = found.stream().allMatch(i -> i.status() == Status.CONFIRMED);
        return Optional.of(new Settlement(attention ? "NEEDS_ATTENTION" : settled ? "SETTLED" : "IN_PROGRESS",
                found.stream().map(i -> {
                    PayoutView view = i.view();
                    return new Payout(view.id(), view.kind(), view.amount(), view.currency(), view.status(),
                            view.confirmedAt());
                }).toList()));
    }

    /** The payment side has the instruction (its delivery succeeded): now wait for its confirmation. */
    // Conditional updates: recording a delivery must never clash with a confirmation arriving at the same moment.
    void delivered(UUID id) {
        jdbc.sql("""
                update payout_instruction set status = 'SENT', sent_at = :now, next_check_at = :check,
                       version = version + 1
                where id = :id and status = 'PENDING'""")
                .param("id", id).param("now", SqlTime.of(now()))
                .param("check", SqlTime.of(now().plus(properties.confirmationTimeout()))).update();
    }

    void undeliverable(UUID id, String error) {
        jdbc.sql("""
                update payout_instruction set status = 'ESCALATED', failed_at = :now, next_check_at = null,
                       last_error = :error, version = version + 1
                where id = :id and status in ('PENDING', 'SENT')""")
                .param("id", id).param("now", SqlTime.of(now()))
                .param("error", abbreviate("could not be delivered to the marketplace: " + error)).update();
        instructions.find(id).filter(i -> i.status() == Status.ESCALATED)
                .ifPresent(i -> needsAttention(i.view(), "could not be delivered to the marketplace: " + error));
    }

    private void needsAttention(PayoutView view, String reason) {
        events.publishEvent(new PayoutEvents.PayoutNeedsAttention(view.id(), view.orderId(), view.disputeId(),
                view.kind(), view.status(), reason, now()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }

    /**
     * Sends again what was delivered but never confirmed, waiting twice as long each time; after the last resend
     * the instruction goes to an admin.
     */
    public int resendUnconfirmed() {
        Instant now = now();
        int resent = 0;
        for (PayoutInstruction instruction : instructions.unconfirmedDueBy(now)) {
            if (instruction.attempts() >= properties.maxResends()) {
                instruction.escalate("no confirmation after " + instruction.attempts() + " resends", now);
                needsAttention(instruction.view(), "no confirmation after " + instruction.attempts() + " resends");
            } else {
                long factor = 1L << Math.min(instruction.attempts() + 1, 20);
                instruction.resent(now.plus(properties.confirmationTimeout().multipliedBy(factor)));
                provider.resend(instruction.view());
                resent++;
            }
            instructions.save(instruction);
        }
        return resent;
    }

    /** Hands the instruction to the payment side; one that it confirms at once gives the journal to post. */
    private Optional<Ledger.Journal> handOver(PayoutInstruction instruction) {
        if (provider.instruct(instruction.view()) != PaymentProvider.Outcome.CONFIRMED) {
            return Optional.empty();
        }
        instruction.confirm(now());
        return Optional.of(booking(instruction));
    }

    private void book(PayoutInstruction instruction) {
        ledger.postAll(List.of(booking(instruction)));
    }

    /** The confirmed instruction's journal, told to the listeners: money left the escrow. */
    private Ledger.Journal booking(PayoutInstruction instruction) {
        PayoutView view = instruction.view();
        events.publishEvent(new PayoutEvents.PayoutConfirmed(view.id(), view.orderId(), view.disputeId(), view.kind(),
                view.recipientId(), view.amount(), view.currency(), now()));
        boolean refund = instruction.kind() == Kind.REFUND;
        String to = refund ? Ledger.buyerRefunds(instruction.recipientId())
                : Ledger.sellerPayouts(instruction.recipientId());
        return new Ledger.Journal(refund ? Ledger.Kind.REFUND : Ledger.Kind.RELEASE, instruction.orderId(),
                instruction.currency(), "instruction:" + instruction.id(),
                (refund ? "refund to buyer " : "release to seller ") + instruction.recipientId(),
                Map.of(Ledger.escrow(instruction.orderId()), -instruction.amount(), to, instruction.amount()));
    }

    private PayoutInstruction load(UUID id) {
        return instructions.findLocked(id).orElseThrow(() -> new NotFoundException("payout", id));
    }

    private static void requireIntegration(Actor actor) {
        if (!actor.is(Role.INTEGRATION)) {
            throw new ForbiddenException("only the marketplace's payment side confirms or fails payouts");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
