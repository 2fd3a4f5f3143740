package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeFixtures.AGENT;
import static io.arbiter.dispute.DisputeFixtures.BUYER;
import static io.arbiter.dispute.DisputeFixtures.INTEGRATION;
import static io.arbiter.dispute.DisputeFixtures.OTHER_AGENT;
import static io.arbiter.dispute.DisputeFixtures.SELLER;
import static io.arbiter.dispute.DisputeFixtures.START;
import static io.arbiter.dispute.DisputeFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever anyone does to a dispute, in whatever order: money moves at most once, never more than is held,
 * never a negative amount, and a closed dispute stays exactly as it closed.
 */
class DisputeMoneyProperties {

    private static final List<Participant> PARTICIPANTS = List.of(BUYER, SELLER, AGENT, OTHER_AGENT, INTEGRATION);

    /**
     * One random thing someone tries to do, with the random inputs it might need. When {@code followAllowed},
     * the actor picks one of the actions it may take now (so that deep paths are reached); otherwise it tries
     * {@code action} whether or not it may (so that refusals are tried too).
     */
    record Step(DisputeAction action, Participant actor, boolean followAllowed, long amount, ResolutionType type, int flags,
                int minutesLater) {

        boolean flag(int bit) {
            return (flags & (1 << bit)) != 0;
        }

        /** Mostly an amount from 1 to what is held; with flag 6, one at or just beyond the bounds. */
        long amount(long held) {
            if (!flag(6)) {
                return 1 + Math.floorMod(amount, held);
            }
            return switch (Math.floorMod(amount, 4)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> held;
                default -> held + 1;
            };
        }

        /** Mostly well-formed terms; with flag 6, any combination of type, amount and who pays return shipping. */
        Terms terms(long held) {
            boolean withAmount = flag(6) ? flag(0) : type == ResolutionType.PARTIAL_REFUND;
            boolean sellerPays = flag(1) && (flag(6) || type == ResolutionType.FULL_REFUND_WITH_RETURN);
            return new Terms(type, withAmount ? Long.valueOf(amount(held)) : null, sellerPays);
        }

        /** What is tried, and by whom. */
        Attempt attemptOn(Dispute dispute) {
            if (!followAllowed) {
                return new Attempt(actor, action);
            }
            List<Attempt> allowed = new ArrayList<>();
            for (Participant someone : PARTICIPANTS) {
                for (DisputeAction allowedAction : dispute.actionsFor(someone)) {
                    boolean rareWithdrawal = allowedAction == DisputeAction.WITHDRAW && !(flag(2) && flag(5));
                    if (allowedAction != DisputeAction.SEND_MESSAGE && !rareWithdrawal) {
                        allowed.add(new Attempt(someone, allowedAction));
                    }
                }
            }
            return allowed.isEmpty() ? new Attempt(actor, action)
                    : allowed.get(Math.floorMod(amount, allowed.size()));
        }

        @Override
        public String toString() {
            return actor.id() + (followAllowed ? " allowed#" : " ") + action + " amount=" + amount + " type=" + type
                    + " flags=" + flags + " +" + minutesLater + "min";
        }
    }

    record Attempt(Participant actor, DisputeAction action) {
        @Override
        public String toString() {
            return action + " by " + actor.id();
        }
    }

    /** The dispute as opened: what is held and what the buyer claims. */
    record Opening(long held, Dispute.Claim claim) {
    }

    // Not the build's 100 tries: that few walks miss an ending now and then, and the coverage check below fails.
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void moneyMovesOnceAndNeverMoreThanIsHeld(@ForAll("openings") Opening opening,
                                              @ForAll("steps") List<Step> steps) {
        Dispute.OrderFacts order = new Dispute.OrderFacts(DisputeFixtures.ORDER_ID, BUYER.id(), SELLER.id(),
                DisputeFixtures.CURRENCY, opening.held(), 3, false, false, START);
        Dispute dispute = Dispute.open(UUID.randomUUID(), order, opening.claim(), BUYER, DisputeFixtures.POLICY, START);
        assertInvariants(dispute, opening.held());

        Instant now = START;
        for (Step step : steps) {
            now = now.plus(Duration.ofMinutes(step.minutesLater()));
            boolean closedBefore = dispute.status().closed();
            List<Object> before = snapshot(dispute);
            Attempt attempt = step.attemptOn(dispute);
            boolean refused = apply(dispute, attempt, step, opening.held(), now);

            if (closedBefore) {
                assertThat(refused).as("%s on a closed dispute must be refused", attempt).isTrue();
            }
            if (refused) {
                assertThat(snapshot(dispute)).as("a refused %s changes nothing", attempt).isEqualTo(before);
            }
            assertInvariants(dispute, opening.held());
        }
        Statistics.label("ends").collect(dispute.status());
        Statistics.label("money outcome").collect(events(dispute, DisputeClosed.class).stream()
                .map(closed -> closed.outcome().name()).findFirst().orElse("none"));
        // The property only means something if the random walks reach every kind of ending.
        Statistics.label("money outcome").coverage(coverage -> {
            for (ResolutionType type : ResolutionType.values()) {
                coverage.check(type.name()).count(count -> count > 0);
            }
            coverage.check("none").percentage(percent -> percent < 90);
        });
    }

    /** Applies the step; true when the domain refused it with one of its 4xx exceptions. */
    private static boolean apply(Dispute dispute, Attempt attempt, Step step, long held, Instant now) {
        try {
            Offer offer = dispute.openOffer();
            UUID offerId = step.flag(2) && step.flag(3) ? UUID.randomUUID()
                    : step.flag(3) && offer != null ? offer.id() : null;
            String text = step.flag(4) && step.flag(5) ? "   " : "because";
            Participant actor = attempt.actor();
            // A switch expression, so that a new action fails to compile here until the property tries it.
            Object ignored = switch (attempt.action()) {
                case ACCEPT_OFFER -> dispute.negotiation().acceptOffer(actor, offerId, step.flag(1),
                        step.flag(5) ? "1 Dock Road" : null, now);
                case DECLINE_OFFER -> dispute.negotiation().declineOffer(actor, offerId, "no", now);
                case MAKE_OFFER -> dispute.negotiation().makeOffer(actor, step.terms(held), "how about this", now);
                case CONTEST -> dispute.negotiation().contest(actor, text, now);
                case ESCALATE -> dispute.negotiation().escalate(actor, "stuck", now);
                case WITHDRAW -> dispute.negotiation().withdraw(actor, "never mind", now);
                case SEND_MESSAGE -> {
                    dispute.require(DisputeAction.SEND_MESSAGE, actor);
                    yield dispute;
                }
                case STATE_PRIVATE_LIMIT -> dispute.negotiation().statePrivateLimit(actor, step.amount(held), now);
                case TAKE_CASE -> dispute.review().takeCase(actor, now);
                case REQUEST_INFORMATION -> dispute.review().requestInformation(actor,
                        step.flag(5) ? Party.SELLER : Party.BUYER, text,
                        step.flag(2) ? null : now.plus(Duration.ofHours(1 + step.flags())), now);
                case RESPOND_TO_INFORMATION_REQUEST -> dispute.review().respondToInformationRequest(actor, text, now);
                case POST_SUGGESTION -> dispute.review().postSuggestion(actor, step.terms(held), text, now);
                case ACCEPT_SUGGESTION -> dispute.review().acceptSuggestion(actor, now);
                case DECIDE -> dispute.review().decide(actor, step.terms(held), text, now);
                case CONFIRM_RETURN_ADDRESS -> dispute.returns().confirmReturnAddress(actor, text, now);
                case SHIP_RETURN -> dispute.returns().shipReturn(actor, "DHL", "JD0146",
                        step.flag(0) ? step.amount(held) : null, now);
                case REPORT_RETURN_DELIVERED -> dispute.returns().returnDelivered(actor,
                        now.minus(Duration.ofMinutes(step.flags())), now);
                case CONFIRM_RETURN_RECEIPT -> dispute.returns().confirmReturnReceipt(actor, now);
                case ADD_EVIDENCE -> dispute.addEvidence(actor, new EvidencePiece(UUID.randomUUID(), "PHOTO", text,
                        null, null, "0".repeat(64)), now);
                case WITHDRAW_EVIDENCE -> dispute.withdrawEvidence(actor, UUID.randomUUID(), text, now);
                case EXTEND_DUE_TIME -> dispute.dueTimes().extendDueTime(actor, step.flag(0) ? DueTime.EVIDENCE : DueTime.CURRENT,
                        now.plus(Duration.ofHours(1 + step.flags())), text, null, now);
            };
            return false;
        } catch (StateConflictException | RuleViolationException | ForbiddenException refused) {
            return true;
        }
    }

    private static void assertInvariants(Dispute dispute, long held) {
        List<DisputeClosed> closings = events(dispute, DisputeClosed.class);
        assertThat(closings).as("money moves at most once").hasSizeLessThanOrEqualTo(1);
        assertThat(dispute.status().closed()).as("closed exactly when whose move is nobody's")
                .isEqualTo(dispute.awaiting() == Party.NOBODY);
        assertThat(dispute.status().closed()).as("closed exactly when the money outcome was registered")
                .isEqualTo(closings.size() == 1);
        if (closings.isEmpty()) {
            return;
        }
        DisputeClosed closed = closings.get(0);
        long refund = closed.refundToBuyer().amount();
        long release = closed.releaseToSeller().amount();
        assertThat(refund).as("refund").isBetween(0L, held);
        assertThat(release).as("release").isBetween(0L, held);
        assertThat(closed.returnShippingReimbursement().amount()).as("return shipping reimbursement")
                .isNotNegative();
        if (closed.outcome() == ResolutionType.RESHIPMENT) {
            assertThat(refund + release).as("a reshipment moves no money").isZero();
        } else {
            assertThat(refund + release).as("the whole hold is paid out").isEqualTo(held);
        }
        assertThat(closed.status()).isEqualTo(dispute.status());
        assertThat(dispute.outcome().refundToBuyer()).isEqualTo(refund);
        assertThat(dispute.outcome().releaseToSeller()).isEqualTo(release);
        assertThat(dispute.outcome().returnShippingReimbursement())
                .isEqualTo(closed.returnShippingReimbursement().amount());
    }

    /** Everything a caller can read of the dispute, and how many events it registered. */
    private static List<Object> snapshot(Dispute d) {
        return new ArrayList<>(Arrays.asList(d.status(), d.awaiting(), d.dueAt(), d.evidenceDueAt(), d.closedAt(),
                d.openOffer(), d.negotiationFailed(), d.contested(), d.contestStatement(), d.contestedAt(),
                d.buyerLimit(), d.sellerLimit(), d.escalatedAt(), d.escalatedBy(), d.assignedAgentId(),
                d.reviewDueAt(), d.informationRequest(), d.suggestion(), d.outcome(), d.returnShipment(),
                events(d).size()));
    }

    @Provide
    Arbitrary<Opening> openings() {
        // Biased towards small amounts, so that holds of 1 or 2 cents (where every amount is a boundary) come up.
        Arbitrary<Long> held = Arbitraries.longs().between(1, 1_000_000);
        return held.flatMap(amount -> Arbitraries.oneOf(
                claimOf(DisputeReason.QUALITY_ISSUE, amount, ResolutionType.FULL_REFUND_WITH_RETURN,
                        ResolutionType.PARTIAL_REFUND, ResolutionType.RESHIPMENT),
                claimOf(DisputeReason.NOT_RECEIVED, amount, ResolutionType.FULL_REFUND,
                        ResolutionType.PARTIAL_REFUND, ResolutionType.RESHIPMENT)));
    }

    private static Arbitrary<Opening> claimOf(DisputeReason reason, long held, ResolutionType... types) {
        return Combinators.combine(Arbitraries.of(types), Arbitraries.longs().between(1, held), Arbitraries.of(true,
                        false))
                .as((type, amount, sellerPays) -> {
                    Terms requested = type == ResolutionType.PARTIAL_REFUND ? Terms.partialRefund(amount)
                            : new Terms(type, null, type == ResolutionType.FULL_REFUND_WITH_RETURN && sellerPays);
                    return new Opening(held, new Dispute.Claim(reason, "what went wrong", 1, requested, null, null,
                            null, null));
                });
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<DisputeAction> action = Arbitraries.of(DisputeAction.class);
        Arbitrary<Integer> actorChoice = Arbitraries.integers().between(0, 13 + PARTICIPANTS.size())
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Long> amount = Arbitraries.longs().between(-1, 1_000_001)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<ResolutionType> type = Arbitraries.of(ResolutionType.class);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 127)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 60 * 24 * 3)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Boolean> followAllowed = Arbitraries.integers().between(0, 9)
                .withDistribution(RandomDistribution.uniform()).map(n -> n < 7);
        Arbitrary<Step> step = Combinators.combine(action, actorChoice, followAllowed, amount, type, flags, minutes)
                .as((a, who, follow, howMuch, t, f, later) -> new Step(a, actorFor(a, who), follow, howMuch, t, f,
                        later));
        return Arbitraries.integers().between(1, 15).withDistribution(RandomDistribution.uniform())
                .flatMap(size -> step.list().ofSize(size));
    }

    /**
     * Mostly someone who may ever take the action (so that deep paths are reached), sometimes anyone at all
     * (so that refusals of sides that never may are tried too). Callers with no part in the dispute never reach it:
     * the service refuses them first ({@link DisputeAccess}).
     */
    private static Participant actorFor(DisputeAction action, int choice) {
        if (choice >= 14) {
            return PARTICIPANTS.get(choice - 14);
        }
        List<Participant> performers = PARTICIPANTS.stream()
                .filter(someone -> action.everPerformedBy(someone.party())).toList();
        return performers.get(choice % performers.size());
    }
}
