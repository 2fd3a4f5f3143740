package io.arbiter.dispute;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.common.RefusalCode;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.MessagePosted;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/**
 * Runs each dispute action in one transaction: load what the caller may see (404 otherwise), check the
 * caller's copy is current when it says which version it saw (409 otherwise), let the aggregate decide,
 * save. Events registered by the aggregate are published on save, inside the same transaction.
 */
@Service
@Transactional
public class DisputeService {

    private final DisputeStore disputes;
    private final DisputeViews views;
    private final OrderService orders;
    private final DisputableOrders disputableOrders;
    private final DisputePolicies policies;
    private final UserDirectory users;
    private final JdbcClient jdbc;
    private final ObjectProvider<EvidenceChecklist> evidence;
    private final Clock clock;

    DisputeService(DisputeStore disputes, DisputeViews views, OrderService orders, DisputePolicies policies,
                   UserDirectory users, JdbcClient jdbc, ObjectProvider<EvidenceChecklist> evidence, Clock clock) {
        this.disputes = disputes;
        this.views = views;
        this.orders = orders;
        this.disputableOrders = new DisputableOrders(orders);
        this.policies = policies;
        this.users = users;
        this.jdbc = jdbc;
        this.evidence = evidence;
        this.clock = clock;
    }

    public DisputeView open(Actor actor, OpenDispute request) {
        if (!actor.is(Role.BUYER)) {
            throw new ForbiddenException("only buyers open disputes");
        }
        OrderView order = disputableOrders.disputableBy(actor, request.orderId());
        Instant now = now();
        var facts = DisputableOrders.factsOf(order, now);
        var claim = new Dispute.Claim(request.reason(), request.description().strip(), request.piecesAffected(),
                request.resolution().terms(), request.differences(), blankToNull(request.statement()),
                request.customsCause(), blankToNull(request.carrierClaimReference()));
        users.findByIds(List.of(order.buyerId(), order.sellerId()));
        var buyer = new Participant(Party.BUYER, actor.id(), actor.displayName());
        Dispute dispute = ready(disputes.save(Dispute.open(UUID.randomUUID(), facts, claim, buyer, policies.inForce(),
                now)));
        return views.view(dispute, actor);
    }

    /**
     * The reasons the policy in force offers that fit the order's shipping state now ({@link ClaimCheck#misfit}), in
     * the policy's order. 404 for an order that is not the caller's.
     */
    @Transactional(readOnly = true)
    public Map<DisputeReason, DisputePolicy.ReasonRules> reasonsFor(Actor actor, String orderId) {
        Dispute.OrderFacts facts = DisputableOrders.factsOf(disputableOrders.ofBuyer(actor, orderId), now());
        Map<DisputeReason, DisputePolicy.ReasonRules> fitting = new LinkedHashMap<>();
        policies.inForce().reasons().forEach((reason, rules) -> {
            if (ClaimCheck.misfit(reason, facts).isEmpty()) {
                fitting.put(reason, rules);
            }
        });
        return fitting;
    }

    @Transactional(readOnly = true)
    public DisputeView get(Actor actor, UUID id) {
        return views.view(load(actor, id), actor);
    }

    /** For notices: the dispute in brief, whoever asks. Empty for no such dispute. */
    @Transactional(readOnly = true)
    public Optional<DisputeBrief> brief(UUID id) {
        return disputes.find(id).map(DisputeViews::brief);
    }

    @Transactional(readOnly = true)
    public PageResult<DisputeSummary> list(Actor actor, DisputeFilter filter, PageRequest page) {
        return new DisputeList(jdbc).list(actor, filter, page);
    }

    public DisputeView acceptOffer(Actor actor, UUID id, Long expectedVersion, UUID offerId,
                                   boolean sellerPaysReturnShipping, String returnAddress) {
        return change(actor, id, expectedVersion, DisputeAction.ACCEPT_OFFER, (d, who, now) -> d.negotiation()
                .acceptOffer(who, offerId, sellerPaysReturnShipping, blankToNull(returnAddress), now));
    }

    public DisputeView declineOffer(Actor actor, UUID id, Long expectedVersion, UUID offerId, String note) {
        return change(actor, id, expectedVersion, DisputeAction.DECLINE_OFFER,
                (d, who, now) -> d.negotiation().declineOffer(who, offerId, blankToNull(note), now));
    }

    public DisputeView makeOffer(Actor actor, UUID id, Long expectedVersion, Terms terms, String note) {
        return change(actor, id, expectedVersion, DisputeAction.MAKE_OFFER,
                (d, who, now) -> d.negotiation().makeOffer(who, terms, blankToNull(note), now));
    }

    public DisputeView contest(Actor actor, UUID id, Long expectedVersion, String statement) {
        return change(actor, id, expectedVersion, DisputeAction.CONTEST,
                (d, who, now) -> d.negotiation().contest(who, statement, now));
    }

    public DisputeView statePrivateLimit(Actor actor, UUID id, Long expectedVersion, long amount) {
        return change(actor, id, expectedVersion, DisputeAction.STATE_PRIVATE_LIMIT,
                (d, who, now) -> d.negotiation().statePrivateLimit(who, amount, now));
    }

    /** A buyer whose reason requires evidence escalates only once that evidence is there. */
    public DisputeView escalate(Actor actor, UUID id, Long expectedVersion, String reason) {
        return change(actor, id, expectedVersion, DisputeAction.ESCALATE,
                (d, who, now) -> d.negotiation().escalate(who, blankToNull(reason), now));
    }

    public DisputeView withdraw(Actor actor, UUID id, Long expectedVersion, String reason) {
        return change(actor, id, expectedVersion, DisputeAction.WITHDRAW,
                (d, who, now) -> d.negotiation().withdraw(who, blankToNull(reason), now));
    }

    public DisputeView takeCase(Actor actor, UUID id, Long expectedVersion) {
        return change(actor, id, expectedVersion, DisputeAction.TAKE_CASE,
                (d, who, now) -> d.review().takeCase(who, now));
    }

    public DisputeView requestInformation(Actor actor, UUID id, Long expectedVersion, Party from, String question,
                                          Instant dueAt) {
        return change(actor, id, expectedVersion, DisputeAction.REQUEST_INFORMATION,
                (d, who, now) -> d.review().requestInformation(who, from, question, dueAt, now));
    }

    public DisputeView respondToInformationRequest(Actor actor, UUID id, Long expectedVersion, String text) {
        return change(actor, id, expectedVersion, DisputeAction.RESPOND_TO_INFORMATION_REQUEST,
                (d, who, now) -> d.review().respondToInformationRequest(who, text, now));
    }

    public DisputeView postSuggestion(Actor actor, UUID id, Long expectedVersion, Terms terms, String reasons) {
        return change(actor, id, expectedVersion, DisputeAction.POST_SUGGESTION,
                (d, who, now) -> d.review().postSuggestion(who, terms, reasons, now));
    }

    public DisputeView acceptSuggestion(Actor actor, UUID id, Long expectedVersion) {
        return change(actor, id, expectedVersion, DisputeAction.ACCEPT_SUGGESTION,
                (d, who, now) -> d.review().acceptSuggestion(who, now));
    }

    public DisputeView decide(Actor actor, UUID id, Long expectedVersion, Terms terms, String reasons) {
        return change(actor, id, expectedVersion, DisputeAction.DECIDE,
                (d, who, now) -> d.review().decide(who, terms, reasons, now));
    }

    public DisputeView confirmReturnAddress(Actor actor, UUID id, Long expectedVersion, String address) {
        return change(actor, id, expectedVersion, DisputeAction.CONFIRM_RETURN_ADDRESS,
                (d, who, now) -> d.returns().confirmReturnAddress(who, address, now));
    }

    public DisputeView shipReturn(Actor actor, UUID id, Long expectedVersion, String carrier, String trackingNumber,
                                  Long shippingCost) {
        return change(actor, id, expectedVersion, DisputeAction.SHIP_RETURN,
                (d, who, now) -> d.returns().shipReturn(who, carrier, trackingNumber, shippingCost, now));
    }

    public DisputeView reportReturnDelivered(Actor actor, UUID id, Long expectedVersion, Instant deliveredAt) {
        return change(actor, id, expectedVersion, DisputeAction.REPORT_RETURN_DELIVERED,
                (d, who, now) -> d.returns().returnDelivered(who, deliveredAt == null ? now : deliveredAt, now));
    }

    public DisputeView confirmReturnReceipt(Actor actor, UUID id, Long expectedVersion) {
        return change(actor, id, expectedVersion, DisputeAction.CONFIRM_RETURN_RECEIPT,
                (d, who, now) -> d.returns().confirmReturnReceipt(who, now));
    }

    /** What the evidence module needs to take a piece in; refuses callers who may not add evidence now. */
    @Transactional(readOnly = true)
    public EvidenceContext evidenceContext(Actor actor, UUID id) {
        Dispute dispute = load(actor, id);
        Participant who = DisputeAccess.participantFor(dispute, actor, DisputeAction.ADD_EVIDENCE);
        dispute.require(DisputeAction.ADD_EVIDENCE, who);
        return contextOf(dispute, who.party());
    }

    /**
     * The dispute as a reader of its evidence sees it: 404 when the dispute is not visible to the caller, 403 for a
     * caller who sees it but is neither one of the two parties nor an agent (evidence files reach only them).
     */
    @Transactional(readOnly = true)
    public EvidenceContext evidenceReader(Actor actor, UUID id) {
        Dispute dispute = load(actor, id);
        Party party = DisputeAccess.participantOf(dispute, actor).map(Participant::party).orElse(null);
        if (party != Party.BUYER && party != Party.SELLER && party != Party.AGENT) {
            throw new ForbiddenException("evidence is shown only to the buyer, the seller and agents");
        }
        return contextOf(dispute, party);
    }

    public void recordEvidence(Actor actor, UUID id, EvidencePiece piece) {
        apply(actor, id, null, DisputeAction.ADD_EVIDENCE, (d, who, now) -> d.addEvidence(who, piece, now));
    }

    public void recordEvidenceWithdrawn(Actor actor, UUID id, UUID evidenceId, String reason) {
        apply(actor, id, null, DisputeAction.WITHDRAW_EVIDENCE,
                (d, who, now) -> d.withdrawEvidence(who, evidenceId, blankToNull(reason), now));
    }

    private EvidenceContext contextOf(Dispute d, Party party) {
        OrderView order = orders.find(d.orderId()).orElseThrow();
        return new EvidenceContext(d.id(), d.orderId(), party, d.reason(), requirementsOf(d), d.piecesOrdered(),
                d.piecesAffected(), order.placedAt(), d.status().closed());
    }

    private List<DisputeReason.EvidenceRequirement> requirementsOf(Dispute d) {
        return policies.of(d.policyVersion()).rulesOf(d.reason()).evidence();
    }

    private Optional<EvidenceChecklist.Checklist> checklistOf(Dispute d) {
        return evidence.stream().findFirst()
                .map(checklist -> checklist.of(d.id(), requirementsOf(d), d.piecesAffected()));
    }

    /** Messages do not change the dispute's state, so they never conflict with a party's action. */
    public DisputeView sendMessage(Actor actor, UUID id, String text) {
        Dispute dispute = loadLocked(actor, id);
        Participant who = DisputeAccess.participantFor(dispute, actor, DisputeAction.SEND_MESSAGE);
        dispute.require(DisputeAction.SEND_MESSAGE, who);
        Dispute.requireText(text, "text");
        disputes.append(dispute, new MessagePosted(id, who.party(), text.strip(), who.asActor(), now()));
        return views.view(dispute, actor);
    }

    // ---------------------------------------------------------------- due times

    /** An agent gives the party more time for a running due time, with a written reason. */
    public DisputeView extendDueTime(Actor actor, UUID id, Long expectedVersion, DueTime dueTime, Instant until,
                                     String reason) {
        Instant micros = until == null ? null : until.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return change(actor, id, expectedVersion, DisputeAction.EXTEND_DUE_TIME,
                (d, who, now) -> d.dueTimes().extendDueTime(who, dueTime, micros, reason, deliveredAt(d), now));
    }

    /** For the deadline engine: the due times the dispute runs now, read under its lock; empty for no such dispute. */
    public Optional<RunningDueTimes> runningDueTimes(UUID id) {
        return locked(id).map(dispute -> dispute.dueTimes().runningDueTimes(deliveredAt(dispute)));
    }

    /**
     * For the deadline engine: the current step's due time passed, so Arbiter acts for the silent party as the
     * policy says. Returns false, changing nothing, when the timer is stale.
     */
    public boolean passCurrentDueTime(UUID id, Instant due) {
        Optional<Dispute> dispute = locked(id);
        if (dispute.isEmpty() || !dispute.get().dueTimes().passCurrentDueTime(due, now())) {
            return false;
        }
        disputes.save(dispute.get());
        return true;
    }

    /**
     * For the deadline engine: the evidence due time passed; {@code supplied} says whether the evidence the reason
     * requires is there. Returns false, changing nothing, when the timer is stale.
     */
    public boolean passEvidenceDueTime(UUID id, Instant due, boolean supplied) {
        Optional<Dispute> dispute = locked(id);
        if (dispute.isEmpty() || !dispute.get().dueTimes().passEvidenceDueTime(due, deliveredAt(dispute.get()), supplied, now())) {
            return false;
        }
        disputes.save(dispute.get());
        return true;
    }

    /**
     * For the deadline engine: reminds the party that must act, unless the due time moved on. A reminder changes no
     * state (no new version); the caller makes sure each is sent once.
     */
    public boolean remind(UUID id, DueTime dueTime, Instant due, Duration before, boolean evidenceSupplied) {
        Optional<Dispute> dispute = locked(id);
        Optional<DueTimeApproaching> reminder = dispute.flatMap(d -> d.dueTimes().reminder(dueTime, due, before,
                deliveredAt(d), evidenceSupplied, now()));
        reminder.ifPresent(event -> disputes.append(dispute.get(), event));
        return reminder.isPresent();
    }

    /** When the latest dispute on the order closed, if one did: buyer protection starts again from there. */
    public Optional<Instant> lastClosedOn(String orderId) {
        return jdbc.sql("select max(closed_at) from dispute where order_id = :order").param("order", orderId)
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    private Optional<Dispute> locked(UUID id) {
        return disputes.findLocked(id).map(this::ready);
    }

    /** The dispute with the rules it was opened under and a way to read its evidence. */
    private Dispute ready(Dispute dispute) {
        return dispute.withPolicy(policies.of(dispute.policyVersion())).withEvidence(() -> checklistOf(dispute));
    }

    private Instant deliveredAt(Dispute dispute) {
        return orders.deliveredAt(dispute.orderId()).orElse(null);
    }

    /** A step of the dispute, taken by the participant the caller resolved to. */
    @FunctionalInterface
    private interface Step {
        Dispute take(Dispute dispute, Participant who, Instant now);
    }

    private DisputeView change(Actor actor, UUID id, Long expectedVersion, DisputeAction action, Step step) {
        return views.view(apply(actor, id, expectedVersion, action, step), actor);
    }

    /**
     * Checks the caller's version, then who the caller is on the dispute: a caller with no part in it is refused
     * {@code action} here (403), since the aggregate only sees participants; the aggregate checks the rest.
     */
    private Dispute apply(Actor actor, UUID id, Long expectedVersion, DisputeAction action, Step step) {
        Dispute dispute = loadLocked(actor, id);
        if (expectedVersion != null && expectedVersion != dispute.version()) {
            throw new StateConflictException("the dispute changed since you read it (you have version "
                    + expectedVersion + ", it is at " + dispute.version() + "); reload and try again",
                    dispute.status().name(),
                    DisputeAccess.actionsFor(dispute, actor).stream().map(Enum::name).toList(), RefusalCode.STALE_COPY);
        }
        Participant who = DisputeAccess.participantFor(dispute, actor, action);
        Dispute changed = disputes.save(step.take(dispute, who, now()));
        // The same object carries on with the evidence its guard read: a step changes no evidence, so its answer
        // need not read it again.
        return changed == dispute ? changed : ready(changed);
    }

    private Dispute load(Actor actor, UUID id) {
        return visible(actor, id, disputes.find(id));
    }

    /**
     * Reads the dispute to change it, keeping every other change of it (a message, a due time firing) waiting until
     * this transaction ends, so the chain head it extends is the current one.
     */
    private Dispute loadLocked(Actor actor, UUID id) {
        Dispute dispute = visible(actor, id, disputes.findLocked(id));
        // The people a step tells and names, read at once: its notices and its answer then find them in memory.
        users.findByIds(Stream.of(dispute.buyerId(), dispute.sellerId(), dispute.assignedAgentId())
                .filter(Objects::nonNull).toList());
        return dispute;
    }

    private Dispute visible(Actor actor, UUID id, Optional<Dispute> found) {
        return found
                .filter(dispute -> DisputeAccess.visibleTo(dispute, actor))
                .map(this::ready)
                .orElseThrow(() -> new NotFoundException("dispute", id));
    }

    // Both databases keep microseconds: state held in memory and state read back must compare equal.
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
