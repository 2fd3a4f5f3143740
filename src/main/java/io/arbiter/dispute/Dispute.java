package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
import io.arbiter.dispute.DisputeEvents.CaseAssigned;
import io.arbiter.dispute.DisputeEvents.ClaimContested;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeDecided;
import io.arbiter.dispute.DisputeEvents.DisputeEscalated;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.dispute.DisputeEvents.DisputeWithdrawn;
import io.arbiter.dispute.DisputeEvents.EvidenceSubmitted;
import io.arbiter.dispute.DisputeEvents.EvidenceWithdrawn;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.DueTimeExtended;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeEvents.InformationProvided;
import io.arbiter.dispute.DisputeEvents.InformationRequested;
import io.arbiter.dispute.DisputeEvents.OfferAccepted;
import io.arbiter.dispute.DisputeEvents.OfferDeclined;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.dispute.DisputeEvents.ReturnAddressConfirmed;
import io.arbiter.dispute.DisputeEvents.ReturnDelivered;
import io.arbiter.dispute.DisputeEvents.ReturnReceived;
import io.arbiter.dispute.DisputeEvents.ReturnRequested;
import io.arbiter.dispute.DisputeEvents.ReturnShipped;
import io.arbiter.dispute.DisputeEvents.SuggestionAccepted;
import io.arbiter.dispute.DisputeEvents.SuggestionPosted;
import io.arbiter.identity.Actor;

/**
 * A buyer's dispute on one order. Only the methods below change its state; each checks that the caller
 * may act now, moves the status, sets whose move it is and the due time, and registers what happened.
 * The version guards against two changes racing: the second one fails and is answered 409.
 */
public class Dispute {

    /**
     * The furthest an agent moves a due time: past the later of the running due time and now. A due time is money
     * moving by default when it passes, so a mistyped year must be refused, not stored (or wrapped by a database).
     */
    public static final int LONGEST_AGENT_DUE_DAYS = 60;
    static final Duration LONGEST_AGENT_DUE_TIME = Duration.ofDays(LONGEST_AGENT_DUE_DAYS);

    /** An offer on the table: the buyer's claim, or either side's counter-offer. */
    public record Offer(UUID id, Party madeBy, ResolutionType type, Long amount, Boolean sellerPaysReturnShipping,
                        String note, Instant madeAt) {
        public Terms terms() {
            return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
        }
    }

    public record Suggestion(ResolutionType type, Long amount, Boolean sellerPaysReturnShipping, String reasons,
                             Boolean buyerAccepted, Boolean sellerAccepted, String agentId, Instant postedAt) {
        public Terms terms() {
            return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
        }

        boolean acceptedBy(Party party) {
            return Boolean.TRUE.equals(party == Party.BUYER ? buyerAccepted : sellerAccepted);
        }
    }

    public record InformationRequest(Party requestedFrom, String question, Instant dueAt, String agentId,
                                     Instant requestedAt) {
    }

    public record ReturnShipment(String address, Instant addressConfirmedAt, String carrier, String trackingNumber,
                                 Long shippingCost, Instant shippedAt, Instant deliveredAt, Instant receivedAt) {
    }

    /** The agreed or decided terms, and once closed the exact money outcome. */
    public record Outcome(ResolutionType type, Long amount, Boolean sellerPaysReturnShipping, SettledBy settledBy,
                          String reasons, String decidedBy, Instant settledAt, Long refundToBuyer,
                          Long releaseToSeller, Long returnShippingReimbursement) {
        public Terms terms() {
            return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
        }
    }

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

    private transient DisputePolicy policy;
    /** The buyer's required evidence as the evidence module counts it; read only when an action depends on it. */
    private transient Supplier<Optional<EvidenceChecklist.Checklist>> evidenceSource = Optional::empty;
    private transient Optional<EvidenceChecklist.Checklist> evidenceRead;
    private final transient List<Object> events = new ArrayList<>();

    Dispute() {
    }

    private void registerEvent(Object event) {
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

    static Dispute open(UUID id, OrderFacts order, Claim claim, Actor buyer, DisputePolicy policy, Instant now) {
        DisputePolicy.ReasonRules rules = policy.rulesOf(claim.reason());
        checkClaim(order, claim, rules, now);
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
        dispute.claim = new Offer(UUID.randomUUID(), Party.BUYER, requested.type(), requested.amount(),
                requested.sellerPaysReturnShipping(), claim.description(), now);
        dispute.openOffer = dispute.claim;
        dispute.openedAt = now;
        dispute.evidenceDueAt = rules.requiresEvidence() ? now.plus(policy.evidence()) : null;
        dispute.moveTo(DisputeStatus.AWAITING_SELLER, Party.SELLER, now.plus(policy.sellerResponse()));
        dispute.registerEvent(new DisputeOpened(id, order.orderId(), order.buyerId(), order.sellerId(),
                claim.reason(), rules.label(), requested, dispute.dueAt, dispute.evidenceDueAt, buyer, now));
        return dispute;
    }

    private static void checkClaim(OrderFacts order, Claim claim, DisputePolicy.ReasonRules rules, Instant now) {
        DisputeReason reason = claim.reason();
        if (claim.piecesAffected() < 1 || claim.piecesAffected() > order.pieces()) {
            throw new RuleViolationException("piecesAffected",
                    "pieces affected must be between 1 and " + order.pieces() + " (the pieces ordered)");
        }
        Terms requested = claim.requested().checkedAgainst(order.held(), "resolution");
        if (!rules.buyerMayAsk(requested.type())) {
            throw new RuleViolationException("resolution.type", rules.label() + " allows asking for "
                    + rules.resolutions() + ", not " + requested.type());
        }
        misfit(reason, order).ifPresent(why -> {
            throw new RuleViolationException("reason", why);
        });
        switch (reason) {
            case NOT_RECEIVED -> {
                if (order.delivered() && isBlank(claim.statement())) {
                    throw new RuleViolationException("statement", "tracking shows the parcel delivered: describe in a"
                            + " statement where you looked and why you believe it did not reach you");
                }
            }
            case NOT_AS_DESCRIBED -> {
                if (claim.differences() == null || claim.differences().isEmpty()) {
                    throw new RuleViolationException("differences",
                            "list every difference between the listing and what arrived");
                }
            }
            case HELD_BY_CUSTOMS -> {
                if (claim.customsCause() == null) {
                    throw new RuleViolationException("customsCause",
                            "say why customs held the parcel, as the customs documents state it");
                }
            }
            default -> {
            }
        }
        if (reason != DisputeReason.HELD_BY_CUSTOMS && claim.customsCause() != null) {
            throw new RuleViolationException("customsCause", "a customs cause only goes with the customs reason");
        }
        if (reason != DisputeReason.NOT_AS_DESCRIBED && claim.differences() != null && !claim.differences().isEmpty()) {
            throw new RuleViolationException("differences", "differences only go with \"not as described\"");
        }
    }

    /**
     * Why a reason does not fit the order's shipping state, or empty when it fits: a parcel still in transit within
     * its promised window is not yet missing, and a delivered one is no longer held by customs. A delivered parcel
     * may still be claimed as not received, with a statement.
     */
    public static Optional<String> misfit(DisputeReason reason, OrderFacts order) {
        if (reason == DisputeReason.NOT_RECEIVED && order.inTransitWithinPromisedWindow()) {
            return Optional.of("the parcel is in transit and the promised delivery date (" + order.promisedDeliveryBy()
                    + ") has not passed: please wait until then");
        }
        if (reason == DisputeReason.HELD_BY_CUSTOMS && order.delivered()) {
            return Optional.of("tracking shows the parcel delivered, so customs no longer hold it");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- what may be done now

    /** The side of the dispute the caller is on, or null for a caller with no part in it. */
    public Party partyOf(Actor actor) {
        return switch (actor.role()) {
            case BUYER -> actor.id().equals(buyerId) ? Party.BUYER : null;
            case SELLER -> actor.id().equals(sellerId) ? Party.SELLER : null;
            case AGENT -> Party.AGENT;
            case INTEGRATION -> Party.INTEGRATION;
            default -> null;
        };
    }

    /** Whether the caller may read this dispute at all. Agents see what was escalated to them. */
    public boolean visibleTo(Actor actor) {
        return switch (actor.role()) {
            case BUYER, SELLER -> partyOf(actor) != null;
            case AGENT -> escalatedAt != null;
            case ADMIN, INTEGRATION, SYSTEM -> true;
        };
    }

    /** What the caller may do now: every action {@link DisputeAction the table} offers it, less the blocked ones. */
    public List<DisputeAction> actionsFor(Actor actor) {
        DisputeAction.Caller caller = callerOf(actor);
        return Arrays.stream(DisputeAction.values())
                .filter(action -> action.offeredTo(this, caller) && action.blockedFor(this, caller).isEmpty())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * The actions the table offers the caller now but that would be refused for something missing, with what
     * unblocks them: a buyer escalates only once the evidence the reason requires is there.
     */
    public List<BlockedAction> blockedActionsFor(Actor actor) {
        DisputeAction.Caller caller = callerOf(actor);
        return Arrays.stream(DisputeAction.values()).map(action -> action.blockedFor(this, caller))
                .flatMap(Optional::stream).toList();
    }

    private DisputeAction.Caller callerOf(Actor actor) {
        return new DisputeAction.Caller(partyOf(actor), actor.id());
    }

    // What the rule table asks of the dispute's state.

    /** On the party's turn in negotiation, or while an agent reviews the case. */
    boolean mayNegotiate(Party party) {
        return status == DisputeStatus.UNDER_REVIEW || (status == DisputeStatus.AWAITING_SELLER && party == Party.SELLER)
                || (status == DisputeStatus.AWAITING_BUYER && party == Party.BUYER);
    }

    boolean offerFrom(Party party) {
        return openOffer != null && openOffer.madeBy() == party;
    }

    /** The case is under review and assigned to this agent. */
    boolean reviewedBy(String agentId) {
        return status == DisputeStatus.UNDER_REVIEW && agentId.equals(assignedAgentId);
    }

    boolean anyDueTimeRunning() {
        return currentDueRunning() || evidenceDueRunning();
    }

    /** Blocks the action while the evidence the reason requires is incomplete. */
    Optional<BlockedAction> requiredEvidenceMissing(DisputeAction action) {
        return evidenceChecklist().filter(checklist -> !checklist.complete()).map(checklist -> {
            List<EvidenceChecklist.Item> missing = checklist.items().stream().filter(item -> !item.satisfied())
                    .toList();
            return new BlockedAction(action, BlockedAction.Reason.REQUIRED_EVIDENCE_MISSING,
                    "add the evidence this reason requires before escalating; missing: " + String.join(", ",
                    missing.stream().map(EvidenceChecklist.Item::description).toList()),
                    missing.stream().map(EvidenceChecklist.Item::code).toList());
        });
    }

    private Optional<EvidenceChecklist.Checklist> evidenceChecklist() {
        if (evidenceRead == null) {
            evidenceRead = evidenceSource.get();
        }
        return evidenceRead;
    }

    /**
     * Refuses the action unless the caller may take it now: 403 when the caller's role never may (or the case
     * belongs to another agent), 409 when the current state does not allow it.
     */
    public Party require(DisputeAction action, Actor actor) {
        Party party = partyOf(actor);
        if (party == null || !action.everPerformedBy(party)) {
            throw new ForbiddenException(describe(action) + " is not something the " + actor.role().name().toLowerCase()
                    + " can do on this dispute");
        }
        if (party == Party.AGENT && assignedAgentId != null && !assignedAgentId.equals(actor.id())) {
            throw new ForbiddenException("this case is assigned to another agent");
        }
        action.blockedFor(this, callerOf(actor)).ifPresent(blocked -> {
            throw new RuleViolationException("evidence", blocked.detail());
        });
        List<DisputeAction> allowed = actionsFor(actor);
        if (!allowed.contains(action)) {
            throw new StateConflictException(describe(action) + " is not possible now: the dispute is "
                    + status + (awaiting == Party.NOBODY ? "" : " and waits for the " + awaiting.name().toLowerCase()),
                    status.name(), allowed.stream().map(Enum::name).toList());
        }
        return party;
    }

    private static String describe(DisputeAction action) {
        String words = action.name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    // ---------------------------------------------------------------- negotiation

    /** Accepts the other side's open offer (at first, the buyer's claim as asked). */
    Dispute acceptOffer(Actor actor, UUID offerId, boolean sellerPaysReturnShipping, String returnAddress, Instant now) {
        Party party = require(DisputeAction.ACCEPT_OFFER, actor);
        requireCurrentOffer(offerId);
        if (party != Party.SELLER && (sellerPaysReturnShipping || returnAddress != null)) {
            throw new RuleViolationException("returnAddress", "only the seller gives the return address and"
                    + " agrees to bear return shipping");
        }
        Terms terms = openOffer.terms().withSellerPayingReturnShipping(sellerPaysReturnShipping);
        if (sellerPaysReturnShipping && terms.type() != ResolutionType.FULL_REFUND_WITH_RETURN) {
            throw new RuleViolationException("sellerPaysReturnShipping",
                    "return shipping is only paid with a full refund with return");
        }
        if (returnAddress != null) {
            if (terms.type() != ResolutionType.FULL_REFUND_WITH_RETURN) {
                throw new RuleViolationException("returnAddress", "a return address only goes with a return");
            }
            requireText(returnAddress, "returnAddress");
        }
        registerEvent(new OfferAccepted(id, openOffer.id(), party, terms, actor, now));
        openOffer = null;
        settle(terms, SettledBy.AGREEMENT, null, actor, now);
        if (returnAddress != null) {
            confirmReturnAddress(actor, returnAddress, now);
        }
        return this;
    }

    Dispute declineOffer(Actor actor, UUID offerId, String note, Instant now) {
        Party party = require(DisputeAction.DECLINE_OFFER, actor);
        requireCurrentOffer(offerId);
        registerEvent(new OfferDeclined(id, openOffer.id(), party, note, actor, now));
        openOffer = null;
        negotiationFailed = true;
        return this;
    }

    Dispute makeOffer(Actor actor, Terms terms, String note, Instant now) {
        Party party = require(DisputeAction.MAKE_OFFER, actor);
        terms.checkedAgainst(heldAmount, "terms");
        if (terms.type() == ResolutionType.CLAIM_REJECTED) {
            throw new RuleViolationException("terms.type", "to refuse the claim, the seller contests it");
        }
        DisputePolicy.ReasonRules rules = policy.rulesOf(reason);
        if (party == Party.BUYER && !rules.buyerMayAsk(terms.type())) {
            throw new RuleViolationException("terms.type", rules.label() + " allows asking for "
                    + rules.resolutions() + ", not " + terms.type());
        }
        if (openOffer != null && openOffer.madeBy() == party.counterpart()) {
            registerEvent(new OfferDeclined(id, openOffer.id(), party, "countered with a new offer", actor, now));
            negotiationFailed = true;
        }
        openOffer = new Offer(UUID.randomUUID(), party, terms.type(), terms.amount(), terms.sellerPaysReturnShipping(),
                note, now);
        Instant answerDue = null;
        if (status.negotiating()) {
            Party next = party.counterpart();
            answerDue = now.plus(next == Party.SELLER ? policy.sellerResponse() : policy.buyerResponse());
            moveTo(next == Party.SELLER ? DisputeStatus.AWAITING_SELLER : DisputeStatus.AWAITING_BUYER, next,
                    answerDue);
        }
        registerEvent(new OfferMade(id, openOffer.id(), party, terms, note, answerDue, actor, now));
        return this;
    }

    /** The seller refuses the claim with a statement; allowed once, before any decision. */
    Dispute contest(Actor actor, String statement, Instant now) {
        require(DisputeAction.CONTEST, actor);
        requireText(statement, "statement");
        contested = true;
        contestStatement = statement;
        contestedAt = now;
        negotiationFailed = true;
        if (openOffer != null && openOffer.madeBy() == Party.BUYER) {
            openOffer = null;
        }
        if (status == DisputeStatus.AWAITING_SELLER) {
            moveTo(DisputeStatus.AWAITING_BUYER, Party.BUYER, now.plus(policy.buyerResponse()));
        }
        registerEvent(new ClaimContested(id, statement, status.negotiating() ? dueAt : null, actor, now));
        return this;
    }

    /**
     * Each side may privately state the partial refund it would settle for. Neither sees the other's; when the
     * buyer's least is at most the seller's most, Arbiter settles halfway between them.
     */
    Dispute statePrivateLimit(Actor actor, long amount, Instant now) {
        Party party = require(DisputeAction.STATE_PRIVATE_LIMIT, actor);
        if (amount < 1 || amount > heldAmount) {
            throw new RuleViolationException("amount", "a limit is between 1 and " + heldAmount
                    + " (what is held on the order)");
        }
        if (party == Party.BUYER) {
            buyerLimit = amount;
        } else {
            sellerLimit = amount;
        }
        registerEvent(new PrivateLimitStated(id, party, amount, actor, now));
        if (buyerLimit != null && sellerLimit != null && buyerLimit <= sellerLimit) {
            long settlement = buyerLimit + (sellerLimit - buyerLimit) / 2;
            openOffer = null;
            settle(Terms.partialRefund(settlement), SettledBy.PRIVATE_LIMITS_MET, null, Actor.SYSTEM, now);
        }
        return this;
    }

    Dispute escalate(Actor actor, String why, Instant now) {
        escalate(require(DisputeAction.ESCALATE, actor), why, actor, now);
        return this;
    }

    /** The one way into the agents' queue: a side escalates, or nobody did and a due time's outcome does. */
    private void escalate(Party by, String why, Actor actor, Instant now) {
        escalatedAt = now;
        escalatedBy = by;
        reviewDueAt = now.plus(policy.agentReview());
        moveTo(DisputeStatus.UNDER_REVIEW, Party.AGENT, reviewDueAt);
        registerEvent(new DisputeEscalated(id, by, why, reviewDueAt, actor, now));
    }

    Dispute withdraw(Actor actor, String why, Instant now) {
        require(DisputeAction.WITHDRAW, actor);
        openOffer = null;
        outcome = new Outcome(ResolutionType.CLAIM_REJECTED, null, false, SettledBy.WITHDRAWAL, why, actor.id(), now,
                null, null, null);
        registerEvent(new DisputeWithdrawn(id, why, actor, now));
        close(DisputeStatus.WITHDRAWN, 0, heldAmount, actor, now);
        return this;
    }

    // ---------------------------------------------------------------- evidence

    /** A piece checked and stored by the evidence module; recorded here so the history and version move with it. */
    Dispute addEvidence(Actor actor, EvidencePiece piece, Instant now) {
        Party party = require(DisputeAction.ADD_EVIDENCE, actor);
        evidenceRead = null;
        registerEvent(new EvidenceSubmitted(id, piece.id(), party, piece.kind(), piece.description(),
                piece.requirement(), piece.piece(), piece.sha256(), actor, now));
        return this;
    }

    Dispute withdrawEvidence(Actor actor, UUID evidenceId, String why, Instant now) {
        Party party = require(DisputeAction.WITHDRAW_EVIDENCE, actor);
        evidenceRead = null;
        registerEvent(new EvidenceWithdrawn(id, evidenceId, party, why, actor, now));
        return this;
    }

    // ---------------------------------------------------------------- arbitration

    Dispute takeCase(Actor agent, Instant now) {
        require(DisputeAction.TAKE_CASE, agent);
        assignedAgentId = agent.id();
        reviewOverdue = false;
        registerEvent(new CaseAssigned(id, agent.id(), agent, now));
        return this;
    }

    Dispute requestInformation(Actor agent, Party from, String question, Instant dueAt, Instant now) {
        require(DisputeAction.REQUEST_INFORMATION, agent);
        if (from != Party.BUYER && from != Party.SELLER) {
            throw new RuleViolationException("from", "information is requested from the buyer or the seller");
        }
        requireText(question, "question");
        Instant due = dueAt == null ? now.plus(policy.informationRequest()) : dueAt;
        if (!due.isAfter(now)) {
            throw new RuleViolationException("dueAt", "the due time must be in the future");
        }
        requireWithinAgentReach("dueAt", due, now);
        informationRequest = new InformationRequest(from, question, due, agent.id(), now);
        reviewOverdue = false;
        this.awaiting = from;
        this.dueAt = due;
        registerEvent(new InformationRequested(id, from, question, due, agent, now));
        return this;
    }

    Dispute respondToInformationRequest(Actor actor, String text, Instant now) {
        Party party = require(DisputeAction.RESPOND_TO_INFORMATION_REQUEST, actor);
        requireText(text, "text");
        informationRequest = null;
        awaiting = Party.AGENT;
        dueAt = reviewDueAt;
        registerEvent(new InformationProvided(id, party, text, reviewDueAt, actor, now));
        return this;
    }

    Dispute postSuggestion(Actor agent, Terms terms, String reasons, Instant now) {
        require(DisputeAction.POST_SUGGESTION, agent);
        terms.checkedAgainst(heldAmount, "terms");
        requireText(reasons, "reasons");
        suggestion = new Suggestion(terms.type(), terms.amount(), terms.sellerPaysReturnShipping(), reasons, false,
                false, agent.id(), now);
        reviewOverdue = false;
        registerEvent(new SuggestionPosted(id, terms, reasons, agent, now));
        return this;
    }

    Dispute acceptSuggestion(Actor actor, Instant now) {
        Party party = require(DisputeAction.ACCEPT_SUGGESTION, actor);
        suggestion = new Suggestion(suggestion.type(), suggestion.amount(), suggestion.sellerPaysReturnShipping(),
                suggestion.reasons(), party == Party.BUYER || suggestion.acceptedBy(Party.BUYER),
                party == Party.SELLER || suggestion.acceptedBy(Party.SELLER), suggestion.agentId(),
                suggestion.postedAt());
        registerEvent(new SuggestionAccepted(id, party, actor, now));
        if (suggestion.acceptedBy(Party.BUYER) && suggestion.acceptedBy(Party.SELLER)) {
            openOffer = null;
            settle(suggestion.terms(), SettledBy.SUGGESTION_ACCEPTED, suggestion.reasons(), actor, now);
        }
        return this;
    }

    /** The agent's final decision. There is no appeal after it. */
    Dispute decide(Actor agent, Terms terms, String reasons, Instant now) {
        require(DisputeAction.DECIDE, agent);
        terms.checkedAgainst(heldAmount, "terms");
        requireText(reasons, "reasons");
        registerEvent(new DisputeDecided(id, terms, reasons, agent, now));
        openOffer = null;
        informationRequest = null;
        settle(terms, SettledBy.AGENT_DECISION, reasons, agent, now);
        return this;
    }

    // ---------------------------------------------------------------- returns

    Dispute confirmReturnAddress(Actor seller, String address, Instant now) {
        require(DisputeAction.CONFIRM_RETURN_ADDRESS, seller);
        requireText(address, "address");
        returnShipment = new ReturnShipment(address, now, null, null, null, null, null, null);
        moveTo(DisputeStatus.AWAITING_RETURN_SHIPMENT, Party.BUYER, now.plus(policy.returnShipment()));
        registerEvent(new ReturnAddressConfirmed(id, address, dueAt, seller, now));
        return this;
    }

    /** Only after the seller confirmed the address: a return shipped without it cannot be processed. */
    Dispute shipReturn(Actor buyer, String carrier, String trackingNumber, Long shippingCost, Instant now) {
        require(DisputeAction.SHIP_RETURN, buyer);
        requireText(carrier, "carrier");
        requireText(trackingNumber, "trackingNumber");
        if (shippingCost != null && shippingCost < 0) {
            throw new RuleViolationException("shippingCost", "a shipping cost is 0 or more");
        }
        returnShipment = new ReturnShipment(returnShipment.address(), returnShipment.addressConfirmedAt(), carrier,
                trackingNumber, shippingCost, now, null, null);
        moveTo(DisputeStatus.AWAITING_RETURN_RECEIPT, Party.SELLER, null);
        registerEvent(new ReturnShipped(id, carrier, trackingNumber, shippingCost, buyer, now));
        return this;
    }

    /** Tracking shows the return delivered: the seller's window to confirm receipt starts. */
    Dispute returnDelivered(Actor integration, Instant deliveredAt, Instant now) {
        require(DisputeAction.REPORT_RETURN_DELIVERED, integration);
        if (deliveredAt.isAfter(now) || deliveredAt.isBefore(returnShipment.shippedAt())) {
            throw new RuleViolationException("deliveredAt", "the return was delivered between its shipment ("
                    + returnShipment.shippedAt() + ") and now");
        }
        returnShipment = new ReturnShipment(returnShipment.address(), returnShipment.addressConfirmedAt(),
                returnShipment.carrier(), returnShipment.trackingNumber(), returnShipment.shippingCost(),
                returnShipment.shippedAt(), deliveredAt, null);
        dueAt = deliveredAt.plus(policy.returnReceipt());
        registerEvent(new ReturnDelivered(id, deliveredAt, dueAt, integration, now));
        return this;
    }

    Dispute confirmReturnReceipt(Actor seller, Instant now) {
        require(DisputeAction.CONFIRM_RETURN_RECEIPT, seller);
        returnShipment = new ReturnShipment(returnShipment.address(), returnShipment.addressConfirmedAt(),
                returnShipment.carrier(), returnShipment.trackingNumber(), returnShipment.shippingCost(),
                returnShipment.shippedAt(), returnShipment.deliveredAt(), now);
        registerEvent(new ReturnReceived(id, seller, now));
        close(DisputeStatus.RESOLVED, heldAmount, 0, seller, now);
        return this;
    }

    // ---------------------------------------------------------------- endings

    private void settle(Terms terms, SettledBy settledBy, String reasons, Actor actor, Instant now) {
        outcome = new Outcome(terms.type(), terms.amount(), terms.sellerPaysReturnShipping(), settledBy, reasons,
                actor.id(), now, null, null, null);
        informationRequest = null;
        switch (terms.type()) {
            case FULL_REFUND_WITH_RETURN -> {
                moveTo(DisputeStatus.AWAITING_RETURN_ADDRESS, Party.SELLER, now.plus(policy.returnAddress()));
                registerEvent(new ReturnRequested(id, terms.sellerPaysReturnShipping(), dueAt, actor, now));
            }
            case FULL_REFUND -> close(DisputeStatus.RESOLVED, heldAmount, 0, actor, now);
            case PARTIAL_REFUND -> close(DisputeStatus.RESOLVED, terms.amount(), heldAmount - terms.amount(), actor, now);
            case RESHIPMENT -> close(DisputeStatus.RESOLVED, 0, 0, actor, now);
            case CLAIM_REJECTED -> close(DisputeStatus.RESOLVED, 0, heldAmount, actor, now);
        }
    }

    private void close(DisputeStatus finalStatus, long refund, long release, Actor actor, Instant now) {
        long reimbursement = outcome.terms().sellerPaysReturnShipping() && returnShipment != null
                && returnShipment.shippingCost() != null ? returnShipment.shippingCost() : 0;
        outcome = new Outcome(outcome.type(), outcome.amount(), outcome.sellerPaysReturnShipping(),
                outcome.settledBy(), outcome.reasons(), outcome.decidedBy(), outcome.settledAt(), refund, release,
                reimbursement);
        closedAt = now;
        informationRequest = null;
        moveTo(finalStatus, Party.NOBODY, null);
        registerEvent(new DisputeClosed(id, orderId, buyerId, sellerId, finalStatus, outcome.type(), outcome.settledBy(),
                Money.of(refund, currency), Money.of(release, currency), Money.of(reimbursement, currency), actor, now));
    }

    private void moveTo(DisputeStatus next, Party waitingFor, Instant due) {
        status = next;
        awaiting = waitingFor;
        dueAt = due;
    }

    private void requireCurrentOffer(UUID offerId) {
        if (offerId != null && !offerId.equals(openOffer.id())) {
            throw new StateConflictException("offer " + offerId + " is no longer on the table; the current offer is "
                    + openOffer.id());
        }
    }

    private static void requireWithinAgentReach(String field, Instant due, Instant from) {
        if (due.isAfter(from.plus(LONGEST_AGENT_DUE_TIME))) {
            throw new RuleViolationException(field, "a due time an agent sets is at most "
                    + LONGEST_AGENT_DUE_TIME.toDays() + " days ahead (until " + from.plus(LONGEST_AGENT_DUE_TIME) + ")");
        }
    }

    private static void requireText(String value, String field) {
        if (isBlank(value)) {
            throw new RuleViolationException(field, field + " must not be blank");
        }
    }

    private static boolean isBlank(String value) {
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

    // ---------------------------------------------------------------- due times

    /**
     * The due times running now that the server has not enforced yet, for the engine that enforces them. The
     * engine reads them after every change, so a due time that moved on or was extended is never enforced.
     */
    public RunningDueTimes runningDueTimes(Instant deliveredAt) {
        Instant current = currentDueRunning() && !dueAt.equals(enforcedDueAt) ? dueAt : null;
        Instant evidence = evidenceDueRunning() ? evidenceDue(deliveredAt) : null;
        return new RunningDueTimes(id, orderId, awaiting, current, evidence, policy.reminders(), policy.rulesOf(reason).evidence(),
                piecesAffected);
    }

    /**
     * When the evidence the reason requires is due: the evidence window after opening; for not-as-described also
     * the policy's window after delivery, counted from the opening when the buyer opened later, whichever comes
     * first. An agent's extension replaces both. Null when the reason requires no evidence.
     */
    public Instant evidenceDue(Instant deliveredAt) {
        if (evidenceExtendedTo != null || evidenceDueAt == null) {
            return evidenceExtendedTo;
        }
        Instant due = policy.evidenceDue(reason, openedAt, deliveredAt);
        return due != null && due.isBefore(evidenceDueAt) ? due : evidenceDueAt;
    }

    /**
     * The current step's due time passed with its party silent: Arbiter does what the policy says for the step,
     * through the same state changes and events as if a person had acted, recorded as done by the system. False,
     * changing nothing, for a stale timer: the step moved on, the due time was extended, or it was enforced.
     */
    boolean passCurrentDueTime(Instant due, Instant now) {
        if (!currentDueRunning() || !due.equals(dueAt) || due.equals(enforcedDueAt) || now.isBefore(due)) {
            return false;
        }
        enforcedDueAt = due;
        enforce(DueTime.CURRENT, awaiting, due, currentStepOutcome(), now);
        return true;
    }

    /**
     * The evidence due time passed: without the evidence the reason requires, Arbiter applies the policy's
     * outcome; with it, the check is only recorded. False, changing nothing, for a stale timer.
     */
    boolean passEvidenceDueTime(Instant due, Instant deliveredAt, boolean supplied, Instant now) {
        if (!evidenceDueRunning() || !due.equals(evidenceDue(deliveredAt)) || now.isBefore(due)) {
            return false;
        }
        evidenceEnforced = true;
        if (supplied) {
            registerEvent(new DueTimePassed(id, DueTime.EVIDENCE, Party.BUYER, due, null, Actor.SYSTEM, now));
        } else {
            enforce(DueTime.EVIDENCE, Party.BUYER, due, policy.outcomes().evidenceMissing(), now);
        }
        return true;
    }

    /**
     * The reminder due {@code before} the given due time, for the party that must act; empty when the due time no
     * longer runs, the evidence is already there, or it is not time for this reminder.
     */
    Optional<DueTimeApproaching> reminder(DueTime dueTime, Instant due, Duration before, Instant deliveredAt,
                                          boolean evidenceSupplied, Instant now) {
        boolean running = dueTime == DueTime.CURRENT
                ? currentDueRunning() && due.equals(dueAt) && !due.equals(enforcedDueAt)
                : evidenceDueRunning() && due.equals(evidenceDue(deliveredAt)) && !evidenceSupplied;
        if (!running || !now.isBefore(due) || now.isBefore(due.minus(before))) {
            return Optional.empty();
        }
        Party party = dueTime == DueTime.CURRENT ? awaiting : Party.BUYER;
        return Optional.of(new DueTimeApproaching(id, dueTime, party, due, before, Actor.SYSTEM, now));
    }

    /**
     * An agent gives the party more time, with a written reason: the assigned agent, or any agent while the case
     * has none. The timers of the old due time then find it moved and do nothing.
     */
    Dispute extendDueTime(Actor agent, DueTime dueTime, Instant until, String why, Instant deliveredAt, Instant now) {
        require(DisputeAction.EXTEND_DUE_TIME, agent);
        Instant from = dueTime == DueTime.CURRENT ? (currentDueRunning() ? dueAt : null)
                : evidenceDueRunning() ? evidenceDue(deliveredAt) : null;
        if (from == null) {
            throw new StateConflictException("no " + (dueTime == DueTime.EVIDENCE ? "evidence " : "")
                    + "due time is running on this dispute", status.name(),
                    actionsFor(agent).stream().map(Enum::name).toList());
        }
        requireText(why, "reason");
        if (until == null || !until.isAfter(from) || !until.isAfter(now)) {
            throw new RuleViolationException("until", "the new due time must be later than the current one (" + from
                    + ")" + (from.isAfter(now) ? "" : " and than now (" + now + ")"));
        }
        requireWithinAgentReach("until", until, from.isAfter(now) ? from : now);
        Party party = dueTime == DueTime.CURRENT ? awaiting : Party.BUYER;
        if (dueTime == DueTime.CURRENT) {
            dueAt = until;
            if (status == DisputeStatus.UNDER_REVIEW && awaiting == Party.AGENT) {
                reviewDueAt = until;
            }
            if (informationRequest != null) {
                informationRequest = new InformationRequest(informationRequest.requestedFrom(),
                        informationRequest.question(), until, informationRequest.agentId(),
                        informationRequest.requestedAt());
            }
        } else {
            evidenceExtendedTo = until;
        }
        reviewOverdue = false;
        registerEvent(new DueTimeExtended(id, dueTime, party, from, until, why.strip(), agent, now));
        return this;
    }

    private boolean currentDueRunning() {
        return dueAt != null && !status.closed();
    }

    private boolean evidenceDueRunning() {
        return evidenceDueAt != null && !evidenceEnforced && status.open();
    }

    private DeadlineOutcome currentStepOutcome() {
        DisputePolicy.Outcomes outcomes = policy.outcomes();
        return switch (status) {
            case AWAITING_SELLER -> outcomes.sellerSilent();
            case AWAITING_BUYER -> outcomes.buyerSilent();
            case UNDER_REVIEW -> awaiting == Party.AGENT ? outcomes.agentReviewOverdue()
                    : outcomes.informationNotProvided();
            case AWAITING_RETURN_ADDRESS -> outcomes.returnAddressMissing();
            case AWAITING_RETURN_SHIPMENT -> outcomes.returnNotShipped();
            case AWAITING_RETURN_RECEIPT -> outcomes.returnReceiptNotConfirmed();
            case RESOLVED, WITHDRAWN -> throw new IllegalStateException("a closed dispute runs no due time");
        };
    }

    /**
     * Applies a due time's outcome. The negotiation outcomes (accepting, escalating) need the dispute in negotiation
     * or review, the agents' ones (notifying, flagging) need it in review; closing for either side fits any step.
     * The policy file is checked against the same rules when it is loaded, so a mismatch here is a bug.
     */
    private void enforce(DueTime dueTime, Party silent, Instant due, DeadlineOutcome outcome, Instant now) {
        DeadlineOutcome applied = outcome == DeadlineOutcome.APPLY_LATEST_OFFER && silent != Party.AGENT
                && (openOffer == null || openOffer.madeBy() != silent.counterpart())
                // With nothing on the table from the other side, the silent side loses.
                ? silent == Party.BUYER ? DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR : DeadlineOutcome.ACCEPT_CLAIM
                : outcome;
        boolean applies = switch (applied) {
            case ACCEPT_CLAIM, ESCALATE -> status.open();
            case APPLY_LATEST_OFFER -> status.open() && silent != Party.AGENT;
            case CLOSE_IN_SELLERS_FAVOUR, REFUND_BUYER -> true;
            case NOTIFY_AGENT, FLAG_IN_QUEUE -> status == DisputeStatus.UNDER_REVIEW;
        };
        if (!applies) {
            throw new IllegalStateException("the outcome " + applied + " does not apply to the " + dueTime
                    + " due time of a dispute " + status);
        }
        DueTimePassed passed = new DueTimePassed(id, dueTime, silent, due, applied, Actor.SYSTEM, now);
        registerEvent(passed);
        // The English line stays the reason the outcome records, as agents' and parties' reasons do.
        String why = EventTexts.english(passed, currency);
        switch (applied) {
            case ACCEPT_CLAIM -> acceptForSilence(openOffer != null && openOffer.madeBy() == Party.BUYER ? openOffer
                    : claim, Party.SELLER, why, now);
            case APPLY_LATEST_OFFER -> acceptForSilence(openOffer, silent, why, now);
            case CLOSE_IN_SELLERS_FAVOUR -> {
                openOffer = null;
                settle(Terms.of(ResolutionType.CLAIM_REJECTED), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
            }
            case REFUND_BUYER -> {
                if (status == DisputeStatus.AWAITING_RETURN_RECEIPT) {
                    // The return arrived; the agreed refund is paid as if the seller had confirmed receipt.
                    close(DisputeStatus.RESOLVED, heldAmount, 0, Actor.SYSTEM, now);
                } else {
                    openOffer = null;
                    settle(Terms.of(ResolutionType.FULL_REFUND), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
                }
            }
            case ESCALATE -> {
                if (status.negotiating()) {
                    escalate(Party.NOBODY, why, Actor.SYSTEM, now);
                }
            }
            case NOTIFY_AGENT -> lapseInformationRequest();
            case FLAG_IN_QUEUE -> {
                lapseInformationRequest();
                reviewOverdue = true;
            }
        }
    }

    /** Accepts an offer on behalf of a side, as {@link #acceptOffer} does for a person. */
    private void acceptForSilence(Offer offer, Party acceptedFor, String why, Instant now) {
        registerEvent(new OfferAccepted(id, offer.id(), acceptedFor, offer.terms(), Actor.SYSTEM, now));
        openOffer = null;
        settle(offer.terms(), SettledBy.DUE_TIME_PASSED, why, Actor.SYSTEM, now);
    }

    /** The party did not answer the agent: the request lapses and the move is the agent's again. */
    private void lapseInformationRequest() {
        if (informationRequest != null) {
            informationRequest = null;
            awaiting = Party.AGENT;
            dueAt = reviewDueAt;
        }
    }

    public boolean reviewOverdue() {
        return reviewOverdue && status == DisputeStatus.UNDER_REVIEW;
    }
}
