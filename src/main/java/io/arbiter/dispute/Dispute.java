package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.arbiter.common.CanonicalJson;
import io.arbiter.common.ForbiddenException;
import io.arbiter.common.Json;
import io.arbiter.common.Money;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.dispute.DisputeEvents.EvidenceSubmitted;
import io.arbiter.dispute.DisputeEvents.EvidenceWithdrawn;
import io.arbiter.dispute.DisputeEvents.ReturnRequested;
import io.arbiter.identity.Actor;

/**
 * A buyer's dispute on one order. Only its steps change its state, grouped by concern in its parts:
 * {@link #negotiation()}, {@link #review()}, {@link #returns()} and {@link #dueTimes()}. Each step takes the
 * {@link Participant} acting (who the caller is on this dispute is resolved before, by {@link DisputeAccess}), checks
 * against {@link DisputeAction the rule table} that its side may act now, moves the status, sets whose move it is and
 * the due time, and registers what happened. The state stays here, package-private, because the store maps it by hand.
 * The version guards against two changes racing: the second one fails and is answered 409.
 */
public class Dispute {

    /**
     * The furthest an agent moves a due time: past the later of the running due time and now. A due time is money
     * moving by default when it passes, so a mistyped year must be refused, not stored (or wrapped by a database).
     */
    public static final int LONGEST_AGENT_DUE_DAYS = 60;
    static final Duration LONGEST_AGENT_DUE_TIME = Duration.ofDays(LONGEST_AGENT_DUE_DAYS);

    // The state is package-private so that DisputeStore maps it by hand; only the methods below change it.
    UUID id;
    /** Null until the dispute is first written. */
    Long version;
    String orderId;
    String buyerId;
    String sellerId;
    String currency;
    long heldAmount;
    int piecesOrdered;

    DisputeReason reason;
    String policyVersion;
    String description;
    int piecesAffected;
    String differences;
    String statement;
    CustomsCause customsCause;
    String carrierClaimReference;
    Offer claim;

    DisputeStatus status;
    Party awaiting;
    Instant dueAt;
    Instant evidenceDueAt;
    Instant openedAt;
    Instant closedAt;

    Offer openOffer;
    boolean negotiationFailed;
    boolean contested;
    String contestStatement;
    Instant contestedAt;
    Long buyerLimit;
    Long sellerLimit;

    Instant escalatedAt;
    Party escalatedBy;
    String assignedAgentId;
    Instant reviewDueAt;
    InformationRequest informationRequest;
    Suggestion suggestion;

    Outcome outcome;
    ReturnShipment returnShipment;

    /** The current step's due time once the server enforced it: each due time is enforced once. */
    Instant enforcedDueAt;
    boolean evidenceEnforced;
    /** An agent's extension of the evidence due time, which then replaces the policy's. */
    Instant evidenceExtendedTo;
    /** The agents' review due time passed and no agent has acted on the case since. */
    boolean reviewOverdue;
    /** The last entry of the dispute's event chain ({@link EventChain}): its sequence and hash. */
    long chainSequence;
    String chainHash = CanonicalJson.GENESIS;

    transient DisputePolicy policy;
    /** The buyer's required evidence as the evidence module counts it; read only when an action depends on it. */
    private transient Supplier<Optional<EvidenceChecklist.Checklist>> evidenceSource = Optional::empty;
    transient Optional<EvidenceChecklist.Checklist> evidenceRead;
    private final transient List<Object> events = new ArrayList<>();

    Dispute() {
    }

    void registerEvent(Object event) {
        events.add(event);
    }

    /** What the changes since the last save registered, for the store to publish once it wrote them. */
    List<Object> takeEvents() {
        List<Object> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    /** What opening a dispute needs to know about the order. */
    public record OrderFacts(String orderId, String buyerId, String sellerId, String currency, long held, int pieces,
                             boolean delivered, boolean inTransitWithinPromisedWindow, Instant promisedDeliveryBy) {
    }

    /** The buyer's claim as filed. */
    public record Claim(DisputeReason reason, String description, int piecesAffected, Terms requested,
                        List<Difference> differences, String statement, CustomsCause customsCause,
                        String carrierClaimReference) {
    }

    static Dispute open(UUID id, OrderFacts order, Claim claim, Participant buyer, DisputePolicy policy, Instant now) {
        DisputePolicy.ReasonRules rules = policy.rulesOf(claim.reason());
        ClaimCheck.check(order, claim, rules);
        Dispute dispute = new Dispute();
        dispute.id = id;
        dispute.policy = policy;
        dispute.policyVersion = policy.version();
        dispute.orderId = order.orderId();
        dispute.buyerId = order.buyerId();
        dispute.sellerId = order.sellerId();
        dispute.currency = order.currency();
        dispute.heldAmount = order.held();
        dispute.piecesOrdered = order.pieces();
        dispute.reason = claim.reason();
        dispute.description = claim.description();
        dispute.piecesAffected = claim.piecesAffected();
        dispute.differences = claim.differences() == null || claim.differences().isEmpty() ? null
                : Json.write(claim.differences());
        dispute.statement = claim.statement();
        dispute.customsCause = claim.customsCause();
        dispute.carrierClaimReference = claim.carrierClaimReference();
        Terms requested = claim.requested();
        dispute.claim = Offer.of(Party.BUYER, requested, claim.description(), now);
        dispute.openOffer = dispute.claim;
        dispute.openedAt = now;
        dispute.evidenceDueAt = rules.requiresEvidence() ? now.plus(policy.evidence()) : null;
        dispute.moveTo(DisputeStatus.AWAITING_SELLER, Party.SELLER, now.plus(policy.sellerResponse()));
        dispute.registerEvent(new DisputeOpened(id, order.orderId(), order.buyerId(), order.sellerId(),
                claim.reason(), rules.label(), requested, dispute.dueAt, dispute.evidenceDueAt, buyer.asActor(), now));
        return dispute;
    }

    // ---------------------------------------------------------------- what may be done now

    /** What the participant may do now: every action {@link DisputeAction the table} offers, less the blocked ones. */
    public List<DisputeAction> actionsFor(Participant who) {
        return Arrays.stream(DisputeAction.values())
                .filter(action -> action.offeredTo(this, who) && action.blockedFor(this, who).isEmpty())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * The actions the table offers the participant now but that would be refused for something missing, with what
     * unblocks them: a buyer escalates only once the evidence the reason requires is there.
     */
    public List<BlockedAction> blockedActionsFor(Participant who) {
        return Arrays.stream(DisputeAction.values()).map(action -> action.blockedFor(this, who))
                .flatMap(Optional::stream).toList();
    }

    private Optional<EvidenceChecklist.Checklist> evidenceChecklist() {
        if (evidenceRead == null) {
            evidenceRead = evidenceSource.get();
        }
        return evidenceRead;
    }

    /**
     * Refuses the action unless the participant may take it now: 403 when its side never may (or the case belongs
     * to another agent), 422 when something the action needs is missing, 409 when the current state does not allow
     * it.
     */
    void require(DisputeAction action, Participant who) {
        if (!action.everPerformedBy(who.party())) {
            throw action.forbiddenTo(who.party().name().toLowerCase());
        }
        if (who.party() == Party.AGENT && assignedAgentId != null && !assignedAgentId.equals(who.id())) {
            throw new ForbiddenException("this case is assigned to another agent");
        }
        action.blockedFor(this, who).ifPresent(blocked -> {
            throw new RuleViolationException("evidence", blocked.detail());
        });
        List<DisputeAction> allowed = actionsFor(who);
        if (!allowed.contains(action)) {
            throw new StateConflictException(action.described() + " is not possible now: the dispute is "
                    + status + (awaiting == Party.NOBODY ? "" : " and waits for the " + awaiting.name().toLowerCase()),
                    status.name(), allowed.stream().map(Enum::name).toList());
        }
    }

    // ---------------------------------------------------------------- the parts, each with its own steps

    Negotiation negotiation() {
        return new Negotiation(this);
    }

    Review review() {
        return new Review(this);
    }

    Returns returns() {
        return new Returns(this);
    }

    DueTimeEnforcement dueTimes() {
        return new DueTimeEnforcement(this);
    }

    // ---------------------------------------------------------------- evidence

    /** A piece checked and stored by the evidence module; recorded here so the history and version move with it. */
    Dispute addEvidence(Participant who, EvidencePiece piece, Instant now) {
        require(DisputeAction.ADD_EVIDENCE, who);
        evidenceRead = null;
        registerEvent(new EvidenceSubmitted(id, piece.id(), who.party(), piece.kind(), piece.description(),
                piece.requirement(), piece.piece(), piece.sha256(), who.asActor(), now));
        return this;
    }

    Dispute withdrawEvidence(Participant who, UUID evidenceId, String why, Instant now) {
        require(DisputeAction.WITHDRAW_EVIDENCE, who);
        evidenceRead = null;
        registerEvent(new EvidenceWithdrawn(id, evidenceId, who.party(), why, who.asActor(), now));
        return this;
    }

    // ---------------------------------------------------------------- endings

    /** Settles on the terms; {@code actor} is who the record says brought the ending (Arbiter when a due time did). */
    void settle(Terms terms, SettledBy settledBy, String reasons, Actor actor, Instant now) {
        outcome = Outcome.of(terms, settledBy, reasons, actor.id(), now);
        informationRequest = null;
        switch (terms.type()) {
            case FULL_REFUND_WITH_RETURN -> {
                moveTo(DisputeStatus.AWAITING_RETURN_ADDRESS, Party.SELLER, now.plus(policy.returnAddress()));
                registerEvent(new ReturnRequested(id, terms.sellerPaysReturnShipping(), dueAt, actor, now));
            }
            case FULL_REFUND -> close(DisputeStatus.RESOLVED, held(), money(0), actor, now);
            case PARTIAL_REFUND -> close(DisputeStatus.RESOLVED, money(terms.amount()),
                    held().minus(money(terms.amount())), actor, now);
            case RESHIPMENT -> close(DisputeStatus.RESOLVED, money(0), money(0), actor, now);
            case CLAIM_REJECTED -> close(DisputeStatus.RESOLVED, money(0), held(), actor, now);
        }
    }

    /** Closes with the money outcome: {@code refund} to the buyer and {@code release} to the seller, from the hold. */
    void close(DisputeStatus finalStatus, Money refund, Money release, Actor actor, Instant now) {
        Money reimbursement = money(outcome.terms().sellerPaysReturnShipping() && returnShipment != null
                && returnShipment.shippingCost() != null ? returnShipment.shippingCost() : 0);
        outcome = outcome.withMoney(refund, release, reimbursement);
        closedAt = now;
        informationRequest = null;
        moveTo(finalStatus, Party.NOBODY, null);
        registerEvent(new DisputeClosed(id, orderId, buyerId, sellerId, finalStatus, outcome.type(),
                outcome.settledBy(), refund, release, reimbursement, actor, now));
    }

    /** What the buyer paid and the marketplace holds. */
    Money held() {
        return money(heldAmount);
    }

    /** An amount in minor units of the order's currency. */
    Money money(long minor) {
        return Money.of(minor, currency);
    }

    void moveTo(DisputeStatus next, Party waitingFor, Instant due) {
        status = next;
        awaiting = waitingFor;
        dueAt = due;
    }

    static void requireWithinAgentReach(String field, Instant due, Instant from) {
        if (due.isAfter(from.plus(LONGEST_AGENT_DUE_TIME))) {
            throw new RuleViolationException(field, "a due time an agent sets is at most "
                    + LONGEST_AGENT_DUE_TIME.toDays() + " days ahead (until " + from.plus(LONGEST_AGENT_DUE_TIME) + ")");
        }
    }

    static void requireText(String value, String field) {
        if (isBlank(value)) {
            throw RuleViolationException.blank(field);
        }
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Gives the dispute the rules it was opened under; the service looks them up by {@link #policyVersion()}. */
    Dispute withPolicy(DisputePolicy policy) {
        if (!policy.version().equals(policyVersion)) {
            throw new IllegalArgumentException("dispute " + id + " follows policy " + policyVersion + ", not "
                    + policy.version());
        }
        this.policy = policy;
        return this;
    }

    /** Gives the dispute a way to read the buyer's required evidence, which the escalation depends on. */
    Dispute withEvidence(Supplier<Optional<EvidenceChecklist.Checklist>> source) {
        this.evidenceSource = source;
        this.evidenceRead = null;
        return this;
    }

    /** The buyer's required evidence, as {@link #withEvidence} reads it; empty without an evidence module. */
    public Optional<EvidenceChecklist.Checklist> evidence() {
        return evidenceChecklist();
    }

    // ---------------------------------------------------------------- reading

    public UUID id() { return id; }
    public long version() { return version == null ? 0 : version; }
    public String orderId() { return orderId; }
    public String buyerId() { return buyerId; }
    public String sellerId() { return sellerId; }
    public String currency() { return currency; }
    public long heldAmount() { return heldAmount; }
    public int piecesOrdered() { return piecesOrdered; }
    public DisputeReason reason() { return reason; }
    public String policyVersion() { return policyVersion; }
    public String description() { return description; }
    public int piecesAffected() { return piecesAffected; }
    public List<Difference> differences() { return Json.readList(differences, Difference.class); }
    public String statement() { return statement; }
    public CustomsCause customsCause() { return customsCause; }
    public String carrierClaimReference() { return carrierClaimReference; }
    public Offer claim() { return claim; }
    public DisputeStatus status() { return status; }
    public Party awaiting() { return awaiting; }
    public Instant dueAt() { return dueAt; }
    public Instant evidenceDueAt() { return evidenceDueAt; }
    public Instant openedAt() { return openedAt; }
    public Instant closedAt() { return closedAt; }
    public Offer openOffer() { return openOffer; }
    public boolean negotiationFailed() { return negotiationFailed; }
    public boolean contested() { return contested; }
    public String contestStatement() { return contestStatement; }
    public Instant contestedAt() { return contestedAt; }
    public Long buyerLimit() { return buyerLimit; }
    public Long sellerLimit() { return sellerLimit; }
    public Instant escalatedAt() { return escalatedAt; }
    public Party escalatedBy() { return escalatedBy; }
    public String assignedAgentId() { return assignedAgentId; }
    public Instant reviewDueAt() { return reviewDueAt; }
    public InformationRequest informationRequest() { return informationRequest; }
    public Suggestion suggestion() { return suggestion; }
    public Outcome outcome() { return outcome; }
    public ReturnShipment returnShipment() { return returnShipment; }

    public boolean reviewOverdue() {
        return reviewOverdue && status == DisputeStatus.UNDER_REVIEW;
    }
}
