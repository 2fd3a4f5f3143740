package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeAction.ACCEPT_OFFER;
import static io.arbiter.dispute.DisputeAction.ACCEPT_SUGGESTION;
import static io.arbiter.dispute.DisputeAction.CONFIRM_RETURN_ADDRESS;
import static io.arbiter.dispute.DisputeAction.CONFIRM_RETURN_RECEIPT;
import static io.arbiter.dispute.DisputeAction.CONTEST;
import static io.arbiter.dispute.DisputeAction.DECIDE;
import static io.arbiter.dispute.DisputeAction.DECLINE_OFFER;
import static io.arbiter.dispute.DisputeAction.ESCALATE;
import static io.arbiter.dispute.DisputeAction.EXTEND_DUE_TIME;
import static io.arbiter.dispute.DisputeAction.MAKE_OFFER;
import static io.arbiter.dispute.DisputeAction.POST_SUGGESTION;
import static io.arbiter.dispute.DisputeAction.REPORT_RETURN_DELIVERED;
import static io.arbiter.dispute.DisputeAction.REQUEST_INFORMATION;
import static io.arbiter.dispute.DisputeAction.RESPOND_TO_INFORMATION_REQUEST;
import static io.arbiter.dispute.DisputeAction.SEND_MESSAGE;
import static io.arbiter.dispute.DisputeAction.ADD_EVIDENCE;
import static io.arbiter.dispute.DisputeAction.WITHDRAW_EVIDENCE;
import static io.arbiter.dispute.DisputeAction.SHIP_RETURN;
import static io.arbiter.dispute.DisputeAction.STATE_PRIVATE_LIMIT;
import static io.arbiter.dispute.DisputeAction.TAKE_CASE;
import static io.arbiter.dispute.DisputeAction.WITHDRAW;
import static io.arbiter.dispute.DisputeFixtures.AGENT;
import static io.arbiter.dispute.DisputeFixtures.BUYER;
import static io.arbiter.dispute.DisputeFixtures.CURRENCY;
import static io.arbiter.dispute.DisputeFixtures.HELD;
import static io.arbiter.dispute.DisputeFixtures.INTEGRATION;
import static io.arbiter.dispute.DisputeFixtures.OTHER_AGENT;
import static io.arbiter.dispute.DisputeFixtures.RETURN_ADDRESS;
import static io.arbiter.dispute.DisputeFixtures.SELLER;
import static io.arbiter.dispute.DisputeFixtures.START;
import static io.arbiter.dispute.DisputeFixtures.claimFor;
import static io.arbiter.dispute.DisputeFixtures.closedEvent;
import static io.arbiter.dispute.DisputeFixtures.daysLater;
import static io.arbiter.dispute.DisputeFixtures.deliveredOrder;
import static io.arbiter.dispute.DisputeFixtures.deliveredOrderOfSeveralPieces;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingBuyer;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingReturnAddress;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingReturnReceipt;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingReturnShipment;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingSeller;
import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingSellerAsking;
import static io.arbiter.dispute.DisputeFixtures.disputeUnderReview;
import static io.arbiter.dispute.DisputeFixtures.disputeWithAgent;
import static io.arbiter.dispute.DisputeFixtures.events;
import static io.arbiter.dispute.DisputeFixtures.fullRefundWithReturn;
import static io.arbiter.dispute.DisputeFixtures.fullRefundWithReturnAtSellersCost;
import static io.arbiter.dispute.DisputeFixtures.hoursLater;
import static io.arbiter.dispute.DisputeFixtures.notAsDescribedAsking;
import static io.arbiter.dispute.DisputeFixtures.notReceivedAsking;
import static io.arbiter.dispute.DisputeFixtures.open;
import static io.arbiter.dispute.DisputeFixtures.orderInTransitWithinPromisedWindow;
import static io.arbiter.dispute.DisputeFixtures.orderLateAfterPromisedWindow;
import static io.arbiter.dispute.DisputeFixtures.qualityIssueAsking;
import static io.arbiter.dispute.DisputeFixtures.redInsteadOfBlue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.arbiter.common.ForbiddenException;
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
import io.arbiter.dispute.DisputeEvents.InformationProvided;
import io.arbiter.dispute.DisputeEvents.InformationRequested;
import io.arbiter.dispute.DisputeEvents.OfferAccepted;
import io.arbiter.dispute.DisputeEvents.OfferDeclined;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.dispute.DisputeEvents.ReturnDelivered;
import io.arbiter.dispute.DisputeEvents.ReturnRequested;
import io.arbiter.dispute.DisputeEvents.SuggestionAccepted;

/** The dispute aggregate's rules, one test per rule, without Spring or a database. */
class DisputeTests {

    // ================================================================== opening

    @Test
    void opensAwaitingTheSellerWithItsResponseDueInFiveDays() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.dueAt()).isEqualTo(START.plus(Duration.ofDays(5)));
        assertThat(dispute.heldAmount()).isEqualTo(HELD);
        assertThat(dispute.openedAt()).isEqualTo(START);
        assertThat(dispute.outcome()).isNull();
    }

    @Test
    void putsTheBuyersClaimOnTheTableAsTheFirstOffer() {
        Dispute dispute = disputeAwaitingSellerAsking(Terms.partialRefund(1200));

        assertThat(dispute.openOffer()).isEqualTo(dispute.claim());
        assertThat(dispute.openOffer().madeBy()).isEqualTo(Party.BUYER);
        assertThat(dispute.openOffer().terms()).isEqualTo(Terms.partialRefund(1200));
    }

    @Test
    void registersThatTheDisputeWasOpened() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(events(dispute)).singleElement().isInstanceOfSatisfying(DisputeOpened.class, opened -> {
            assertThat(opened.orderId()).isEqualTo(DisputeFixtures.ORDER_ID);
            assertThat(opened.buyerId()).isEqualTo(BUYER.id());
            assertThat(opened.sellerId()).isEqualTo(SELLER.id());
            assertThat(opened.reason()).isEqualTo(DisputeReason.QUALITY_ISSUE);
            assertThat(opened.claim()).isEqualTo(fullRefundWithReturn());
            assertThat(opened.at()).isEqualTo(START);
        });
    }

    @ParameterizedTest
    @EnumSource(value = DisputeReason.class, names = {"NOT_RECEIVED"}, mode = EnumSource.Mode.EXCLUDE)
    void givesTheBuyerSevenDaysForEvidenceWhenTheReasonNeedsEvidence(DisputeReason reason) {
        Dispute.OrderFacts order = reason == DisputeReason.HELD_BY_CUSTOMS ? orderLateAfterPromisedWindow()
                : deliveredOrder();
        Dispute dispute = open(order, claimFor(reason, Terms.of(ResolutionType.RESHIPMENT)));

        assertThat(dispute.evidenceDueAt()).isEqualTo(START.plus(Duration.ofDays(7)));
    }

    @Test
    void refusesHeldByCustomsOnceTrackingShowsTheParcelDelivered() {
        assertThat(ClaimCheck.misfit(DisputeReason.HELD_BY_CUSTOMS, deliveredOrder())).isPresent();
        assertThat(ClaimCheck.misfit(DisputeReason.NOT_RECEIVED, deliveredOrder())).isEmpty();
        assertThatThrownBy(() -> open(deliveredOrder(),
                claimFor(DisputeReason.HELD_BY_CUSTOMS, Terms.of(ResolutionType.FULL_REFUND))))
                .isInstanceOfSatisfying(RuleViolationException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void setsNoEvidenceDueTimeForAParcelNotReceived() {
        Dispute dispute = open(orderLateAfterPromisedWindow(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND),
                null));

        assertThat(dispute.evidenceDueAt()).isNull();
    }

    @Test
    void refusesNotReceivedWhileParcelInTransitWithinPromisedWindow() {
        assertThatThrownBy(() -> open(orderInTransitWithinPromisedWindow(),
                notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND), null)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void opensNotReceivedOnceThePromisedWindowHasPassed() {
        Dispute dispute = open(orderLateAfterPromisedWindow(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND),
                null));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
        assertThat(dispute.reason()).isEqualTo(DisputeReason.NOT_RECEIVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesNotReceivedOnADeliveredParcelWithoutAStatement(String statement) {
        assertThatThrownBy(() -> open(deliveredOrder(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND),
                statement)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("statement"));
    }

    @Test
    void refusesNotReceivedOnADeliveredParcelWithNoStatementAtAll() {
        assertThatThrownBy(() -> open(deliveredOrder(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND), null)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("statement"));
    }

    @Test
    void opensNotReceivedOnADeliveredParcelWithAStatement() {
        Dispute dispute = open(deliveredOrder(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND),
                "Looked in the mailbox and asked the neighbours"));

        assertThat(dispute.statement()).isEqualTo("Looked in the mailbox and asked the neighbours");
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    @Test
    void refusesNotAsDescribedWithoutDifferences() {
        assertThatThrownBy(() -> open(deliveredOrder(), notAsDescribedAsking(fullRefundWithReturn(), List.of())))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("differences"));
        assertThatThrownBy(() -> open(deliveredOrder(), notAsDescribedAsking(fullRefundWithReturn(), null)))
                .isInstanceOf(RuleViolationException.class);
    }

    @Test
    void keepsEveryDifferenceOfANotAsDescribedClaim() {
        Difference size = new Difference("size", "M", "XS");
        Dispute dispute = open(deliveredOrder(), notAsDescribedAsking(fullRefundWithReturn(),
                List.of(redInsteadOfBlue(), size)));

        assertThat(dispute.differences()).containsExactly(redInsteadOfBlue(), size);
    }

    @Test
    void refusesDifferencesForAnyReasonButNotAsDescribed() {
        Dispute.Claim qualityWithDifferences = new Dispute.Claim(DisputeReason.QUALITY_ISSUE, "Bad", 1,
                fullRefundWithReturn(), List.of(redInsteadOfBlue()), null, null, null);

        assertThatThrownBy(() -> open(deliveredOrder(), qualityWithDifferences))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("differences"));
    }

    @Test
    void refusesHeldByCustomsWithoutACustomsCause() {
        Dispute.Claim noCause = new Dispute.Claim(DisputeReason.HELD_BY_CUSTOMS, "Stuck at customs", 1,
                Terms.of(ResolutionType.FULL_REFUND), null, null, null, null);

        assertThatThrownBy(() -> open(orderLateAfterPromisedWindow(), noCause))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("customsCause"));
    }

    @Test
    void opensHeldByCustomsWithTheCauseCustomsGave() {
        Dispute dispute = open(orderLateAfterPromisedWindow(),
                claimFor(DisputeReason.HELD_BY_CUSTOMS, Terms.of(ResolutionType.FULL_REFUND)));

        assertThat(dispute.customsCause()).isEqualTo(CustomsCause.MISSING_INVOICE_OR_LICENCE);
    }

    @Test
    void refusesACustomsCauseForAnyOtherReason() {
        Dispute.Claim qualityWithCause = new Dispute.Claim(DisputeReason.QUALITY_ISSUE, "Bad", 1,
                fullRefundWithReturn(), null, null, CustomsCause.VALUATION_PENALTY, null);

        assertThatThrownBy(() -> open(deliveredOrder(), qualityWithCause))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("customsCause"));
    }

    @ParameterizedTest
    @EnumSource(value = DisputeReason.class, names = {"NOT_RECEIVED", "HELD_BY_CUSTOMS"},
            mode = EnumSource.Mode.EXCLUDE)
    void refusesAFullRefundWithoutReturnForReasonsAboutTheItem(DisputeReason reason) {
        assertThatThrownBy(() -> open(deliveredOrder(), claimFor(reason, Terms.of(ResolutionType.FULL_REFUND))))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("resolution.type"));
    }

    @ParameterizedTest
    @EnumSource(value = DisputeReason.class, names = {"NOT_RECEIVED", "HELD_BY_CUSTOMS"})
    void allowsAFullRefundWithoutReturnWhenTheParcelNeverArrived(DisputeReason reason) {
        Dispute dispute = open(orderLateAfterPromisedWindow(), claimFor(reason, Terms.of(ResolutionType.FULL_REFUND)));

        assertThat(dispute.claim().type()).isEqualTo(ResolutionType.FULL_REFUND);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 4})
    void refusesPiecesAffectedOutsideOneToThePiecesOrdered(int piecesAffected) {
        Dispute.Claim claim = new Dispute.Claim(DisputeReason.QUALITY_ISSUE, "Bad", piecesAffected,
                fullRefundWithReturn(), null, null, null, null);

        assertThatThrownBy(() -> open(deliveredOrderOfSeveralPieces(), claim))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("piecesAffected"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void acceptsPiecesAffectedFromOneToThePiecesOrdered(int piecesAffected) {
        Dispute.Claim claim = new Dispute.Claim(DisputeReason.QUALITY_ISSUE, "Bad", piecesAffected,
                fullRefundWithReturn(), null, null, null, null);

        Dispute dispute = open(deliveredOrderOfSeveralPieces(), claim);

        assertThat(dispute.piecesAffected()).isEqualTo(piecesAffected);
        assertThat(dispute.piecesOrdered()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -100, HELD + 1})
    void refusesAPartialRefundOutsideOneToTheHeldAmount(long amount) {
        assertThatThrownBy(() -> disputeAwaitingSellerAsking(Terms.partialRefund(amount)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("resolution.amount"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, HELD})
    void acceptsAPartialRefundFromOneToTheHeldAmount(long amount) {
        assertThat(disputeAwaitingSellerAsking(Terms.partialRefund(amount)).claim().amount()).isEqualTo(amount);
    }

    @Test
    void refusesAnAmountWithAnythingButAPartialRefund() {
        assertThatThrownBy(() -> disputeAwaitingSellerAsking(new Terms(ResolutionType.RESHIPMENT, 100L, false)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("resolution.amount"));
    }

    // ================================================================== the seller accepts the claim

    @Test
    void sellerAcceptingAFullRefundClaimRefundsEverythingToTheBuyer() {
        Dispute dispute = open(orderLateAfterPromisedWindow(), notReceivedAsking(Terms.of(ResolutionType.FULL_REFUND),
                null));

        dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, null, hoursLater(1));

        assertClosed(dispute, DisputeStatus.RESOLVED, HELD, 0);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.outcome()).isEqualTo(ResolutionType.FULL_REFUND);
        assertThat(closed.settledBy()).isEqualTo(SettledBy.AGREEMENT);
        assertThat(closed.returnShippingReimbursement()).isEqualTo(Money.zero(CURRENCY));
        assertThat(closed.at()).isEqualTo(hoursLater(1));
    }

    @Test
    void sellerAcceptingAPartialRefundClaimRefundsTheAmountAndReleasesTheRest() {
        Dispute dispute = disputeAwaitingSellerAsking(Terms.partialRefund(1200));

        dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, null, hoursLater(1));

        assertClosed(dispute, DisputeStatus.RESOLVED, 1200, HELD - 1200);
        assertThat(closedEvent(dispute).outcome()).isEqualTo(ResolutionType.PARTIAL_REFUND);
    }

    @Test
    void sellerAcceptingAReshipmentClaimMovesNoMoney() {
        Dispute dispute = disputeAwaitingSellerAsking(Terms.of(ResolutionType.RESHIPMENT));

        dispute.negotiation().acceptOffer(SELLER, null, false, null, hoursLater(1));

        assertClosed(dispute, DisputeStatus.RESOLVED, 0, 0);
        assertThat(closedEvent(dispute).outcome()).isEqualTo(ResolutionType.RESHIPMENT);
    }

    @Test
    void sellerAcceptingAFullRefundWithReturnAsksItForTheReturnAddressFirst() {
        Dispute dispute = disputeAwaitingSeller();

        dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, null, hoursLater(1));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_ADDRESS);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(1).plus(Duration.ofDays(5)));
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
        assertThat(events(dispute, ReturnRequested.class)).singleElement()
                .satisfies(requested -> assertThat(requested.sellerPaysReturnShipping()).isFalse());
        assertThat(dispute.outcome().terms()).isEqualTo(fullRefundWithReturn());
        assertThat(dispute.outcome().settledBy()).isEqualTo(SettledBy.AGREEMENT);
    }

    @Test
    void sellerAcceptingWithItsReturnAddressLetsTheBuyerShipStraightAway() {
        Dispute dispute = disputeAwaitingReturnShipment();

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_SHIPMENT);
        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
        assertThat(dispute.returnShipment().address()).isEqualTo(RETURN_ADDRESS);
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
    }

    @Test
    void sellerAgreeingToBearReturnShippingIsRecordedWithTheAcceptedTerms() {
        Dispute dispute = disputeAwaitingSeller();

        dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), true, null, hoursLater(1));

        assertThat(dispute.outcome().terms()).isEqualTo(fullRefundWithReturnAtSellersCost());
        assertThat(events(dispute, OfferAccepted.class)).singleElement()
                .satisfies(accepted -> assertThat(accepted.terms()).isEqualTo(fullRefundWithReturnAtSellersCost()));
    }

    @Test
    void refusesAcceptingAnOfferThatIsNoLongerOnTheTable() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(SELLER, UUID.randomUUID(), false, null, hoursLater(1)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    @Test
    void refusesAReturnAddressWhenAcceptingAnOfferWithoutReturn() {
        Dispute dispute = disputeAwaitingSellerAsking(Terms.partialRefund(1200));

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(SELLER, null, false, RETURN_ADDRESS, hoursLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("returnAddress"));
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    @Test
    void refusesSellerPayingReturnShippingWhenAcceptingAnOfferWithoutReturn() {
        Dispute dispute = disputeAwaitingSellerAsking(Terms.partialRefund(1200));

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(SELLER, null, true, null, hoursLater(1)))
                .isInstanceOf(RuleViolationException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    @Test
    void refusesTheBuyerGivingAReturnAddressOrSettingWhoPaysReturnShipping() {
        Dispute dispute = disputeAwaitingSeller().negotiation().makeOffer(SELLER, fullRefundWithReturn(), null, hoursLater(1));

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(BUYER, null, true, null, hoursLater(2)))
                .isInstanceOf(RuleViolationException.class);
        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(BUYER, null, false, RETURN_ADDRESS, hoursLater(2)))
                .isInstanceOf(RuleViolationException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_BUYER);
    }

    @Test
    void refusesTheBuyerAcceptingItsOwnClaim() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(BUYER, null, false, null, hoursLater(1)))
                .isInstanceOf(StateConflictException.class);
    }

    // ================================================================== counter-offers

    @Test
    void sellersCounterOfferHandsTheMoveToTheBuyerWithFiveDaysToAnswer() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_BUYER);
        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(1).plus(Duration.ofDays(5)));
        assertThat(dispute.openOffer().madeBy()).isEqualTo(Party.SELLER);
        assertThat(dispute.openOffer().terms()).isEqualTo(Terms.partialRefund(1500));
    }

    @Test
    void counterOfferDeclinesTheOfferItAnswers() {
        Dispute dispute = disputeAwaitingSeller();
        UUID claimId = dispute.openOffer().id();

        dispute.negotiation().makeOffer(SELLER, Terms.partialRefund(1500), "Keep it", hoursLater(1));

        assertThat(events(dispute, OfferDeclined.class)).singleElement().satisfies(declined -> {
            assertThat(declined.offerId()).isEqualTo(claimId);
            assertThat(declined.by()).isEqualTo(Party.SELLER);
        });
        assertThat(events(dispute, OfferMade.class)).singleElement()
                .satisfies(made -> assertThat(made.offerId()).isEqualTo(dispute.openOffer().id()));
        assertThat(dispute.negotiationFailed()).isTrue();
    }

    @Test
    void buyersCounterOfferHandsTheMoveBackToTheSellerWithFiveDaysToAnswer() {
        Dispute dispute = disputeAwaitingBuyer();
        UUID sellersOffer = dispute.openOffer().id();

        dispute.negotiation().makeOffer(BUYER, Terms.partialRefund(2500), "Meet me halfway", hoursLater(5));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(5).plus(Duration.ofDays(5)));
        assertThat(dispute.openOffer().madeBy()).isEqualTo(Party.BUYER);
        assertThat(events(dispute, OfferDeclined.class)).extracting(OfferDeclined::offerId).contains(sellersOffer);
    }

    @Test
    void offersGoBackAndForthUntilOneSideAccepts() {
        Dispute dispute = disputeAwaitingBuyer()
                .negotiation().makeOffer(BUYER, Terms.partialRefund(3000), null, hoursLater(5))
                .negotiation().makeOffer(SELLER, Terms.partialRefund(2200), null, hoursLater(6))
                .negotiation().makeOffer(BUYER, Terms.partialRefund(2600), null, hoursLater(7));

        dispute.negotiation().acceptOffer(SELLER, dispute.openOffer().id(), false, null, hoursLater(8));

        assertClosed(dispute, DisputeStatus.RESOLVED, 2600, HELD - 2600);
        assertThat(events(dispute, OfferMade.class)).hasSize(4);
    }

    @Test
    void buyerAcceptingTheSellersCounterOfferSettlesOnThoseTerms() {
        Dispute dispute = disputeAwaitingBuyer();

        dispute.negotiation().acceptOffer(BUYER, dispute.openOffer().id(), false, null, hoursLater(5));

        assertClosed(dispute, DisputeStatus.RESOLVED, 1500, HELD - 1500);
        assertThat(closedEvent(dispute).settledBy()).isEqualTo(SettledBy.AGREEMENT);
    }

    @Test
    void refusesAnOfferWhenItIsTheOtherSidesMove() {
        Dispute awaitingSeller = disputeAwaitingSeller();
        Dispute awaitingBuyer = disputeAwaitingBuyer();

        assertThatThrownBy(() -> awaitingSeller.negotiation().makeOffer(BUYER, Terms.partialRefund(100), null, hoursLater(1)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> awaitingBuyer.negotiation().makeOffer(SELLER, Terms.partialRefund(100), null, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesAnOfferToRejectTheClaim() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().makeOffer(SELLER, Terms.of(ResolutionType.CLAIM_REJECTED), null,
                hoursLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("terms.type"));
    }

    @Test
    void refusesTheBuyerOfferingWhatItsReasonDoesNotAllowItToAsk() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThatThrownBy(() -> dispute.negotiation().makeOffer(BUYER, Terms.of(ResolutionType.FULL_REFUND), null, hoursLater(5)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("terms.type"));
    }

    @Test
    void letsTheSellerOfferMoreThanTheBuyerMayAsk() {
        Dispute dispute = disputeAwaitingSeller();

        dispute.negotiation().makeOffer(SELLER, Terms.of(ResolutionType.FULL_REFUND), "Keep it, sorry", hoursLater(1));

        assertThat(dispute.openOffer().type()).isEqualTo(ResolutionType.FULL_REFUND);
    }

    @Test
    void refusesAnOfferedPartialRefundAboveTheHeldAmount() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().makeOffer(SELLER, Terms.partialRefund(HELD + 1), null, hoursLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("terms.amount"));
    }

    // ================================================================== declining and escalating

    @Test
    void decliningAnOfferFailsTheNegotiationAndLetsEitherSideEscalate() {
        Dispute dispute = disputeAwaitingSeller();
        assertThat(dispute.actionsFor(SELLER)).doesNotContain(ESCALATE);

        dispute.negotiation().declineOffer(SELLER, dispute.openOffer().id(), "No", hoursLater(1));

        assertThat(dispute.negotiationFailed()).isTrue();
        assertThat(dispute.openOffer()).isNull();
        assertThat(dispute.actionsFor(SELLER)).contains(ESCALATE).doesNotContain(ACCEPT_OFFER);
        assertThat(dispute.actionsFor(BUYER)).contains(ESCALATE);
        assertThat(events(dispute, OfferDeclined.class)).singleElement()
                .satisfies(declined -> assertThat(declined.note()).isEqualTo("No"));
    }

    @Test
    void refusesEscalationBeforeNegotiationFailed() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().escalate(BUYER, "Impatient", hoursLater(1)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.negotiation().escalate(SELLER, "Impatient", hoursLater(1)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    @Test
    void escalationPutsTheCaseInTheAgentsQueueWithTwoDaysForReview() {
        Dispute dispute = disputeUnderReview();

        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.awaiting()).isEqualTo(Party.AGENT);
        assertThat(dispute.escalatedBy()).isEqualTo(Party.BUYER);
        assertThat(dispute.escalatedAt()).isEqualTo(hoursLater(2));
        assertThat(dispute.reviewDueAt()).isEqualTo(hoursLater(2).plus(Duration.ofDays(2)));
        assertThat(dispute.dueAt()).isEqualTo(dispute.reviewDueAt());
        assertThat(dispute.assignedAgentId()).isNull();
        assertThat(events(dispute, DisputeEscalated.class)).singleElement()
                .satisfies(escalated -> assertThat(escalated.reason()).isEqualTo("Too little"));
    }

    @Test
    void refusesEscalatingACaseAlreadyUnderReview() {
        Dispute dispute = disputeUnderReview();

        assertThatThrownBy(() -> dispute.negotiation().escalate(SELLER, "Again", hoursLater(3)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesEscalationByAnAgent() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThatThrownBy(() -> dispute.negotiation().escalate(AGENT, "Looks bad", hoursLater(5)))
                .isInstanceOf(ForbiddenException.class);
    }

    // ================================================================== contesting

    @Test
    void contestingMovesTheDisputeFromTheSellerToTheBuyer() {
        Dispute dispute = disputeAwaitingSeller();

        dispute.negotiation().contest(SELLER, "The item left us in perfect condition", hoursLater(1));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_BUYER);
        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(1).plus(Duration.ofDays(5)));
        assertThat(dispute.contested()).isTrue();
        assertThat(dispute.contestStatement()).isEqualTo("The item left us in perfect condition");
        assertThat(dispute.contestedAt()).isEqualTo(hoursLater(1));
        assertThat(dispute.openOffer()).as("the contested claim is off the table").isNull();
        assertThat(dispute.negotiationFailed()).isTrue();
        assertThat(dispute.actionsFor(BUYER)).contains(ESCALATE, MAKE_OFFER).doesNotContain(ACCEPT_OFFER);
        assertThat(events(dispute, ClaimContested.class)).hasSize(1);
    }

    @Test
    void refusesASecondContest() {
        Dispute dispute = disputeAwaitingSeller()
                .negotiation().contest(SELLER, "Perfect condition", hoursLater(1))
                .negotiation().makeOffer(BUYER, Terms.partialRefund(2000), null, hoursLater(2));
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);

        assertThatThrownBy(() -> dispute.negotiation().contest(SELLER, "Still perfect", hoursLater(3)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.contestStatement()).isEqualTo("Perfect condition");
    }

    @Test
    void sellerMayContestUnderReviewIfItHasNotContestedBefore() {
        Dispute dispute = disputeWithAgent();

        dispute.negotiation().contest(SELLER, "Here is our packing video", hoursLater(4));

        assertThat(dispute.contested()).isTrue();
        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.awaiting()).isEqualTo(Party.AGENT);
        assertThat(dispute.actionsFor(SELLER)).doesNotContain(CONTEST);
    }

    @Test
    void refusesAContestUnderReviewWhenTheSellerContestedBefore() {
        Dispute dispute = disputeAwaitingSeller()
                .negotiation().contest(SELLER, "Perfect condition", hoursLater(1))
                .negotiation().escalate(BUYER, "It was not", hoursLater(2));

        assertThatThrownBy(() -> dispute.negotiation().contest(SELLER, "Again", hoursLater(3)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesAContestWhileItIsTheBuyersMove() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThatThrownBy(() -> dispute.negotiation().contest(SELLER, "No", hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesAContestWithoutAStatement() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().contest(SELLER, " ", hoursLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("statement"));
        assertThat(dispute.contested()).isFalse();
    }

    @Test
    void refusesTheBuyerContesting() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().contest(BUYER, "Hm", hoursLater(1)))
                .isInstanceOf(ForbiddenException.class);
    }

    // ================================================================== private limits

    @Test
    void settlesHalfwayWhenTheBuyersLeastIsAtMostTheSellersMost() {
        Dispute dispute = disputeAwaitingBuyer()
                .negotiation().statePrivateLimit(BUYER, 1000, hoursLater(5));

        dispute.negotiation().statePrivateLimit(SELLER, 2001, hoursLater(6));

        long settlement = 1000 + (2001 - 1000) / 2;
        assertThat(settlement).isEqualTo(1500);
        assertClosed(dispute, DisputeStatus.RESOLVED, settlement, HELD - settlement);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.settledBy()).isEqualTo(SettledBy.PRIVATE_LIMITS_MET);
        assertThat(closed.outcome()).isEqualTo(ResolutionType.PARTIAL_REFUND);
        assertThat(dispute.outcome().terms()).isEqualTo(Terms.partialRefund(settlement));
        assertThat(dispute.openOffer()).isNull();
    }

    @Test
    void settlesAtTheCommonAmountWhenBothLimitsAreEqual() {
        Dispute dispute = disputeAwaitingSeller()
                .negotiation().statePrivateLimit(SELLER, 1800, hoursLater(1))
                .negotiation().statePrivateLimit(BUYER, 1800, hoursLater(2));

        assertClosed(dispute, DisputeStatus.RESOLVED, 1800, HELD - 1800);
    }

    @Test
    void settlesNothingWhileTheLimitsDoNotMeet() {
        Dispute dispute = disputeAwaitingBuyer()
                .negotiation().statePrivateLimit(BUYER, 3000, hoursLater(5))
                .negotiation().statePrivateLimit(SELLER, 2000, hoursLater(6));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_BUYER);
        assertThat(dispute.outcome()).isNull();
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
        assertThat(events(dispute, PrivateLimitStated.class)).extracting(PrivateLimitStated::amount)
                .containsExactly(3000L, 2000L);
        assertThat(dispute.buyerLimit()).isEqualTo(3000);
        assertThat(dispute.sellerLimit()).isEqualTo(2000);
    }

    @Test
    void settlesWhenASideRaisesItsLimitUntilTheyMeet() {
        Dispute dispute = disputeAwaitingBuyer()
                .negotiation().statePrivateLimit(BUYER, 3000, hoursLater(5))
                .negotiation().statePrivateLimit(SELLER, 2000, hoursLater(6))
                .negotiation().statePrivateLimit(SELLER, 3000, hoursLater(7));

        assertClosed(dispute, DisputeStatus.RESOLVED, 3000, HELD - 3000);
    }

    @Test
    void settlesPrivateLimitsThatMeetEvenUnderReview() {
        Dispute dispute = disputeWithAgent()
                .negotiation().statePrivateLimit(BUYER, 2000, hoursLater(4))
                .negotiation().statePrivateLimit(SELLER, 2400, hoursLater(5));

        assertClosed(dispute, DisputeStatus.RESOLVED, 2200, HELD - 2200);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, HELD + 1})
    void refusesAPrivateLimitOutsideOneToTheHeldAmount(long amount) {
        Dispute dispute = disputeAwaitingBuyer();

        assertThatThrownBy(() -> dispute.negotiation().statePrivateLimit(BUYER, amount, hoursLater(5)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> dispute.negotiation().statePrivateLimit(SELLER, amount, hoursLater(5)))
                .isInstanceOf(RuleViolationException.class);
        assertThat(dispute.buyerLimit()).isNull();
        assertThat(dispute.sellerLimit()).isNull();
    }

    @Test
    void refusesAPrivateLimitAfterTheDisputeWasSettled() {
        Dispute dispute = disputeAwaitingReturnAddress();

        assertThatThrownBy(() -> dispute.negotiation().statePrivateLimit(BUYER, 1000, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
    }

    // ================================================================== arbitration

    @Test
    void agentTakesTheCaseFromTheQueue() {
        Dispute dispute = disputeWithAgent();

        assertThat(dispute.assignedAgentId()).isEqualTo(AGENT.id());
        assertThat(events(dispute, CaseAssigned.class)).singleElement()
                .satisfies(assigned -> assertThat(assigned.agentId()).isEqualTo(AGENT.id()));
    }

    @Test
    void refusesAnotherAgentActingOnATakenCase() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().takeCase(OTHER_AGENT, hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().decide(OTHER_AGENT, Terms.of(ResolutionType.FULL_REFUND), "Mine now",
                hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().requestInformation(OTHER_AGENT, Party.BUYER, "Photos?", null, hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().postSuggestion(OTHER_AGENT, Terms.partialRefund(100), "Try this",
                hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(dispute.assignedAgentId()).isEqualTo(AGENT.id());
        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
    }

    @Test
    void refusesAnAgentWorkingACaseBeforeTakingIt() {
        Dispute dispute = disputeUnderReview();

        assertThatThrownBy(() -> dispute.review().decide(AGENT, Terms.of(ResolutionType.FULL_REFUND), "Quick", hoursLater(3)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesAnAgentTakingACaseThatWasNotEscalated() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThatThrownBy(() -> dispute.review().takeCase(AGENT, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesABuyerCallingAnAgentAction() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().takeCase(BUYER, hoursLater(4))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().decide(BUYER, Terms.of(ResolutionType.FULL_REFUND), "I win", hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().requestInformation(BUYER, Party.SELLER, "Why?", null, hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.review().postSuggestion(BUYER, Terms.partialRefund(100), "Fair", hoursLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
    }

    @Test
    void refusesTheIntegrationActingAsAParty() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().acceptOffer(INTEGRATION, null, false, null, hoursLater(1)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.negotiation().withdraw(INTEGRATION, "Cleanup", hoursLater(1)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void requestingInformationHandsTheMoveToThatPartyUntilTheGivenDueTime() {
        Dispute dispute = disputeWithAgent();
        Instant due = hoursLater(4).plus(Duration.ofDays(1));

        dispute.review().requestInformation(AGENT, Party.SELLER, "Show the packing photos", due, hoursLater(4));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.dueAt()).isEqualTo(due);
        assertThat(dispute.informationRequest().requestedFrom()).isEqualTo(Party.SELLER);
        assertThat(dispute.informationRequest().question()).isEqualTo("Show the packing photos");
        assertThat(dispute.actionsFor(SELLER)).contains(RESPOND_TO_INFORMATION_REQUEST);
        assertThat(dispute.actionsFor(BUYER)).doesNotContain(RESPOND_TO_INFORMATION_REQUEST);
        assertThat(dispute.actionsFor(AGENT)).doesNotContain(REQUEST_INFORMATION);
        assertThat(events(dispute, InformationRequested.class)).singleElement()
                .satisfies(requested -> assertThat(requested.dueAt()).isEqualTo(due));
    }

    @Test
    void requestingInformationWithoutADueTimeGivesThePartyThreeDays() {
        Dispute dispute = disputeWithAgent();

        dispute.review().requestInformation(AGENT, Party.BUYER, "Photo of the label?", null, hoursLater(4));

        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(4).plus(Duration.ofDays(3)));
    }

    @Test
    void refusesAnInformationRequestDueNowOrInThePast() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().requestInformation(AGENT, Party.BUYER, "Photo?", hoursLater(4),
                hoursLater(4)))
                .isInstanceOfSatisfying(RuleViolationException.class, e -> assertThat(e.field()).isEqualTo("dueAt"));
        assertThat(dispute.awaiting()).isEqualTo(Party.AGENT);
        assertThat(dispute.informationRequest()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Party.class, names = {"BUYER", "SELLER"}, mode = EnumSource.Mode.EXCLUDE)
    void refusesAnInformationRequestToAnyoneButTheBuyerOrTheSeller(Party from) {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().requestInformation(AGENT, from, "Anything?", null, hoursLater(4)))
                .isInstanceOfSatisfying(RuleViolationException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }

    @Test
    void respondingToAnInformationRequestHandsTheMoveBackToTheAgentWithTheReviewDue() {
        Dispute dispute = disputeWithAgent()
                .review().requestInformation(AGENT, Party.BUYER, "Photo of the label?", null, hoursLater(4));

        dispute.review().respondToInformationRequest(BUYER, "Attached as evidence", hoursLater(5));

        assertThat(dispute.awaiting()).isEqualTo(Party.AGENT);
        assertThat(dispute.dueAt()).isEqualTo(dispute.reviewDueAt());
        assertThat(dispute.informationRequest()).isNull();
        assertThat(dispute.actionsFor(AGENT)).contains(REQUEST_INFORMATION);
        assertThat(events(dispute, InformationProvided.class)).singleElement()
                .satisfies(provided -> assertThat(provided.text()).isEqualTo("Attached as evidence"));
    }

    @Test
    void refusesAResponseFromThePartyThatWasNotAsked() {
        Dispute dispute = disputeWithAgent()
                .review().requestInformation(AGENT, Party.BUYER, "Photo of the label?", null, hoursLater(4));

        assertThatThrownBy(() -> dispute.review().respondToInformationRequest(SELLER, "Me too", hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
    }

    @Test
    void refusesAResponseWhenNoInformationWasRequested() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().respondToInformationRequest(BUYER, "Unasked", hoursLater(4)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void suggestionSettlesOnlyWhenBothPartiesAcceptIt() {
        Dispute dispute = disputeWithAgent()
                .review().postSuggestion(AGENT, Terms.partialRefund(2000), "Visible defect, item usable", hoursLater(4));

        dispute.review().acceptSuggestion(BUYER, hoursLater(5));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.outcome()).isNull();
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
        assertThat(dispute.actionsFor(BUYER)).doesNotContain(ACCEPT_SUGGESTION);
        assertThat(dispute.actionsFor(SELLER)).contains(ACCEPT_SUGGESTION);

        dispute.review().acceptSuggestion(SELLER, hoursLater(6));

        assertClosed(dispute, DisputeStatus.RESOLVED, 2000, HELD - 2000);
        assertThat(closedEvent(dispute).settledBy()).isEqualTo(SettledBy.SUGGESTION_ACCEPTED);
        assertThat(dispute.outcome().reasons()).isEqualTo("Visible defect, item usable");
        assertThat(events(dispute, SuggestionAccepted.class)).extracting(SuggestionAccepted::by)
                .containsExactly(Party.BUYER, Party.SELLER);
    }

    @Test
    void refusesAcceptingTheSameSuggestionTwice() {
        Dispute dispute = disputeWithAgent()
                .review().postSuggestion(AGENT, Terms.partialRefund(2000), "Fair", hoursLater(4))
                .review().acceptSuggestion(BUYER, hoursLater(5));

        assertThatThrownBy(() -> dispute.review().acceptSuggestion(BUYER, hoursLater(6)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void aNewSuggestionNeedsBothAcceptancesAgain() {
        Dispute dispute = disputeWithAgent()
                .review().postSuggestion(AGENT, Terms.partialRefund(2000), "Fair", hoursLater(4))
                .review().acceptSuggestion(BUYER, hoursLater(5))
                .review().postSuggestion(AGENT, Terms.partialRefund(1800), "Fairer", hoursLater(6));

        dispute.review().acceptSuggestion(SELLER, hoursLater(7));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(dispute.actionsFor(BUYER)).contains(ACCEPT_SUGGESTION);
    }

    @Test
    void refusesAcceptingASuggestionNobodyPosted() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().acceptSuggestion(BUYER, hoursLater(4)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void refusesASuggestionWithoutReasons() {
        Dispute dispute = disputeWithAgent();

        assertThatThrownBy(() -> dispute.review().postSuggestion(AGENT, Terms.partialRefund(2000), " ", hoursLater(4)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("reasons"));
        assertThat(dispute.suggestion()).isNull();
    }

    static Stream<Arguments> decisionsAndTheirMoney() {
        return Stream.of(
                Arguments.of(Terms.of(ResolutionType.FULL_REFUND), HELD, 0L),
                Arguments.of(Terms.partialRefund(2000), 2000L, HELD - 2000),
                Arguments.of(Terms.partialRefund(HELD), HELD, 0L),
                Arguments.of(Terms.of(ResolutionType.RESHIPMENT), 0L, 0L),
                Arguments.of(Terms.of(ResolutionType.CLAIM_REJECTED), 0L, HELD));
    }

    @ParameterizedTest
    @MethodSource("decisionsAndTheirMoney")
    void agentsDecisionClosesTheDisputeWithItsExactMoneyOutcome(Terms decision, long refund, long release) {
        Dispute dispute = disputeWithAgent();

        dispute.review().decide(AGENT, decision, "Weighed both sides", hoursLater(4));

        assertClosed(dispute, DisputeStatus.RESOLVED, refund, release);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.settledBy()).isEqualTo(SettledBy.AGENT_DECISION);
        assertThat(closed.outcome()).isEqualTo(decision.type());
        assertThat(dispute.outcome().decidedBy()).isEqualTo(AGENT.id());
        assertThat(events(dispute, DisputeDecided.class)).singleElement()
                .satisfies(decided -> assertThat(decided.reasons()).isEqualTo("Weighed both sides"));
    }

    @Test
    void decidingAFullRefundWithReturnAsksTheSellerForTheReturnAddress() {
        Dispute dispute = disputeWithAgent()
                .review().requestInformation(AGENT, Party.SELLER, "Anything to add?", null, hoursLater(4));

        dispute.review().decide(AGENT, fullRefundWithReturnAtSellersCost(), "Defective", hoursLater(5));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_ADDRESS);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.informationRequest()).isNull();
        assertThat(dispute.openOffer()).isNull();
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
        assertThat(events(dispute, ReturnRequested.class)).singleElement()
                .satisfies(requested -> assertThat(requested.sellerPaysReturnShipping()).isTrue());
    }

    @Test
    void decisionsAreFinal() {
        Dispute dispute = disputeWithAgent()
                .review().decide(AGENT, fullRefundWithReturn(), "Defective", hoursLater(4));

        assertThatThrownBy(() -> dispute.negotiation().withdraw(BUYER, "Changed my mind", hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.negotiation().makeOffer(SELLER, Terms.partialRefund(100), null, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.negotiation().makeOffer(BUYER, Terms.partialRefund(100), null, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.negotiation().contest(SELLER, "Appeal", hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.review().decide(AGENT, Terms.of(ResolutionType.CLAIM_REJECTED), "Oops",
                hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> dispute.negotiation().statePrivateLimit(SELLER, 100, hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.outcome().terms()).isEqualTo(fullRefundWithReturn());
    }

    @Test
    void settlingOnAReturnUnderReviewDropsAPendingInformationRequest() {
        Dispute dispute = disputeWithAgent()
                .review().postSuggestion(AGENT, fullRefundWithReturn(), "Send it back", hoursLater(4))
                .review().requestInformation(AGENT, Party.SELLER, "Confirm your warehouse?", null, hoursLater(5))
                .review().acceptSuggestion(BUYER, hoursLater(6));

        dispute.review().acceptSuggestion(SELLER, hoursLater(7));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_ADDRESS);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.informationRequest()).as("nobody is asked to respond once the dispute is settled")
                .isNull();
    }

    // ================================================================== withdrawal

    static Stream<Arguments> disputesBeforeADecision() {
        return Stream.of(
                Arguments.of("awaiting the seller", disputeAwaitingSeller()),
                Arguments.of("awaiting the buyer", disputeAwaitingBuyer()),
                Arguments.of("in the agents' queue", disputeUnderReview()),
                Arguments.of("with an agent", disputeWithAgent()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disputesBeforeADecision")
    void withdrawingBeforeADecisionReleasesEverythingToTheSeller(String state, Dispute dispute) {
        dispute.negotiation().withdraw(BUYER, "Found it in the garage", hoursLater(10));

        assertClosed(dispute, DisputeStatus.WITHDRAWN, 0, HELD);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.settledBy()).isEqualTo(SettledBy.WITHDRAWAL);
        assertThat(closed.outcome()).isEqualTo(ResolutionType.CLAIM_REJECTED);
        assertThat(dispute.openOffer()).isNull();
        assertThat(events(dispute, DisputeWithdrawn.class)).singleElement()
                .satisfies(withdrawn -> assertThat(withdrawn.reason()).isEqualTo("Found it in the garage"));
    }

    @Test
    void refusesWithdrawalAfterADecision() {
        Dispute dispute = disputeWithAgent()
                .review().decide(AGENT, Terms.partialRefund(1000), "Minor defect", hoursLater(4));

        assertThatThrownBy(() -> dispute.negotiation().withdraw(BUYER, "Too late", hoursLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.RESOLVED);
        assertThat(events(dispute, DisputeClosed.class)).hasSize(1);
    }

    @Test
    void refusesWithdrawalByTheSeller() {
        Dispute dispute = disputeAwaitingSeller();

        assertThatThrownBy(() -> dispute.negotiation().withdraw(SELLER, "Go away", hoursLater(1)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_SELLER);
    }

    // ================================================================== returns

    @Test
    void refusesShippingTheReturnBeforeTheSellerConfirmsTheAddress() {
        Dispute dispute = disputeAwaitingReturnAddress();

        assertThatThrownBy(() -> dispute.returns().shipReturn(BUYER, "DHL", "JD0146", 700L, hoursLater(2)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.returnShipment()).isNull();
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_ADDRESS);
    }

    @Test
    void confirmingTheReturnAddressGivesTheBuyerTenDaysToShip() {
        Dispute dispute = disputeAwaitingReturnAddress();

        dispute.returns().confirmReturnAddress(SELLER, RETURN_ADDRESS, hoursLater(3));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_SHIPMENT);
        assertThat(dispute.awaiting()).isEqualTo(Party.BUYER);
        assertThat(dispute.dueAt()).isEqualTo(hoursLater(3).plus(Duration.ofDays(10)));
        assertThat(dispute.returnShipment().address()).isEqualTo(RETURN_ADDRESS);
        assertThat(dispute.returnShipment().addressConfirmedAt()).isEqualTo(hoursLater(3));
    }

    @Test
    void refusesABlankReturnAddress() {
        Dispute dispute = disputeAwaitingReturnAddress();

        assertThatThrownBy(() -> dispute.returns().confirmReturnAddress(SELLER, " ", hoursLater(3)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("address"));
    }

    @Test
    void shippingTheReturnWaitsForTheSellerToConfirmReceipt() {
        Dispute dispute = disputeAwaitingReturnShipment();

        dispute.returns().shipReturn(BUYER, "DHL", "JD0146000012345", 700L, daysLater(1));

        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_RECEIPT);
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.returnShipment().carrier()).isEqualTo("DHL");
        assertThat(dispute.returnShipment().trackingNumber()).isEqualTo("JD0146000012345");
        assertThat(dispute.returnShipment().shippingCost()).isEqualTo(700L);
        assertThat(dispute.returnShipment().shippedAt()).isEqualTo(daysLater(1));
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
    }

    @Test
    void refusesANegativeReturnShippingCost() {
        Dispute dispute = disputeAwaitingReturnShipment();

        assertThatThrownBy(() -> dispute.returns().shipReturn(BUYER, "DHL", "JD0146", -1L, daysLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("shippingCost"));
        assertThat(dispute.status()).isEqualTo(DisputeStatus.AWAITING_RETURN_SHIPMENT);
    }

    @Test
    void refusesAReturnShippedWithoutTracking() {
        Dispute dispute = disputeAwaitingReturnShipment();

        assertThatThrownBy(() -> dispute.returns().shipReturn(BUYER, "DHL", " ", 700L, daysLater(1)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("trackingNumber"));
    }

    @Test
    void reportedDeliveryGivesTheSellerFifteenDaysFromDeliveryToConfirmReceipt() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700);
        Instant deliveredAt = daysLater(4);

        dispute.returns().returnDelivered(INTEGRATION, deliveredAt, daysLater(5));

        assertThat(dispute.dueAt()).isEqualTo(deliveredAt.plus(Duration.ofDays(15)));
        assertThat(dispute.awaiting()).isEqualTo(Party.SELLER);
        assertThat(dispute.returnShipment().deliveredAt()).isEqualTo(deliveredAt);
        assertThat(dispute.actionsFor(INTEGRATION)).isEmpty();
        assertThat(events(dispute, ReturnDelivered.class)).singleElement()
                .satisfies(delivered -> assertThat(delivered.deliveredAt()).isEqualTo(deliveredAt));
    }

    @Test
    void refusesADeliveryReportedInTheFuture() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700);

        assertThatThrownBy(() -> dispute.returns().returnDelivered(INTEGRATION, daysLater(6), daysLater(5)))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.field()).isEqualTo("deliveredAt"));
        assertThat(dispute.returnShipment().deliveredAt()).isNull();
    }

    @Test
    void refusesReportingTheReturnDeliveredTwice() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700)
                .returns().returnDelivered(INTEGRATION, daysLater(4), daysLater(4));

        assertThatThrownBy(() -> dispute.returns().returnDelivered(INTEGRATION, daysLater(5), daysLater(5)))
                .isInstanceOf(StateConflictException.class);
        assertThat(dispute.returnShipment().deliveredAt()).isEqualTo(daysLater(4));
    }

    @Test
    void refusesAnyoneButTheIntegrationReportingTheReturnDelivered() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700);

        assertThatThrownBy(() -> dispute.returns().returnDelivered(SELLER, daysLater(4), daysLater(4)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> dispute.returns().returnDelivered(BUYER, daysLater(4), daysLater(4)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void confirmingReceiptOfTheReturnRefundsEverythingToTheBuyer() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700)
                .returns().returnDelivered(INTEGRATION, daysLater(4), daysLater(4));

        dispute.returns().confirmReturnReceipt(SELLER, daysLater(5));

        assertClosed(dispute, DisputeStatus.RESOLVED, HELD, 0);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.outcome()).isEqualTo(ResolutionType.FULL_REFUND_WITH_RETURN);
        assertThat(closed.returnShippingReimbursement()).as("the buyer bears return shipping")
                .isEqualTo(Money.zero(CURRENCY));
        assertThat(dispute.returnShipment().receivedAt()).isEqualTo(daysLater(5));
    }

    @Test
    void sellerPaidReturnShippingReimbursesTheBuyersShippingCost() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturnAtSellersCost(), 700);

        dispute.returns().confirmReturnReceipt(SELLER, daysLater(5));

        assertClosed(dispute, DisputeStatus.RESOLVED, HELD, 0);
        assertThat(closedEvent(dispute).returnShippingReimbursement()).isEqualTo(Money.of(700, CURRENCY));
        assertThat(dispute.outcome().returnShippingReimbursement()).isEqualTo(700L);
    }

    @Test
    void refusesConfirmingReceiptBeforeTheReturnWasShipped() {
        Dispute dispute = disputeAwaitingReturnShipment();

        assertThatThrownBy(() -> dispute.returns().confirmReturnReceipt(SELLER, daysLater(1)))
                .isInstanceOf(StateConflictException.class);
        assertThat(events(dispute, DisputeClosed.class)).isEmpty();
    }

    // ================================================================== allowed actions

    @Test
    void awaitingTheSellerTheSellerAnswersAndTheBuyerMayOnlyWithdrawOrWait() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(ACCEPT_OFFER, DECLINE_OFFER, MAKE_OFFER,
                CONTEST, STATE_PRIVATE_LIMIT, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(STATE_PRIVATE_LIMIT, WITHDRAW, SEND_MESSAGE,
                ADD_EVIDENCE, WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(AGENT)).isEmpty();
        assertThat(dispute.actionsFor(INTEGRATION)).isEmpty();
    }

    @Test
    void awaitingTheBuyerTheBuyerAnswersTheCounterOfferAndEitherSideMayEscalate() {
        Dispute dispute = disputeAwaitingBuyer();

        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(ACCEPT_OFFER, DECLINE_OFFER, MAKE_OFFER,
                ESCALATE, STATE_PRIVATE_LIMIT, WITHDRAW, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(ESCALATE, STATE_PRIVATE_LIMIT,
                SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(AGENT)).isEmpty();
    }

    @Test
    void inTheAgentsQueueAnyAgentMayOnlyTakeTheCaseOrGiveMoreTime() {
        Dispute dispute = disputeUnderReview();

        assertThat(dispute.actionsFor(AGENT)).containsExactly(TAKE_CASE, EXTEND_DUE_TIME);
        assertThat(dispute.actionsFor(OTHER_AGENT)).containsExactly(TAKE_CASE, EXTEND_DUE_TIME);
        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(ACCEPT_OFFER, DECLINE_OFFER, MAKE_OFFER,
                STATE_PRIVATE_LIMIT, WITHDRAW, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(MAKE_OFFER, CONTEST, STATE_PRIVATE_LIMIT,
                SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(INTEGRATION)).isEmpty();
    }

    @Test
    void withAnAgentOnlyThatAgentWorksTheCase() {
        Dispute dispute = disputeWithAgent();

        assertThat(dispute.actionsFor(AGENT)).containsExactlyInAnyOrder(REQUEST_INFORMATION, POST_SUGGESTION, DECIDE,
                SEND_MESSAGE, EXTEND_DUE_TIME);
        assertThat(dispute.actionsFor(OTHER_AGENT)).isEmpty();
    }

    @Test
    void awaitingTheReturnAddressOnlyTheSellerActs() {
        Dispute dispute = disputeAwaitingReturnAddress();

        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(CONFIRM_RETURN_ADDRESS, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(SEND_MESSAGE, ADD_EVIDENCE, WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(INTEGRATION)).isEmpty();
    }

    @Test
    void awaitingTheReturnShipmentOnlyTheBuyerActs() {
        Dispute dispute = disputeAwaitingReturnShipment();

        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(SHIP_RETURN, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(SEND_MESSAGE, ADD_EVIDENCE, WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(INTEGRATION)).isEmpty();
    }

    @Test
    void awaitingReturnReceiptTheSellerConfirmsAndTheIntegrationReportsDelivery() {
        Dispute dispute = disputeAwaitingReturnReceipt(fullRefundWithReturn(), 700);

        assertThat(dispute.actionsFor(SELLER)).containsExactlyInAnyOrder(CONFIRM_RETURN_RECEIPT, SEND_MESSAGE, ADD_EVIDENCE,
                WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(BUYER)).containsExactlyInAnyOrder(SEND_MESSAGE, ADD_EVIDENCE, WITHDRAW_EVIDENCE);
        assertThat(dispute.actionsFor(INTEGRATION)).containsExactly(REPORT_RETURN_DELIVERED);
    }

    @Test
    void closedDisputesAllowNothingToAnyone() {
        Dispute resolved = disputeWithAgent().review().decide(AGENT, Terms.partialRefund(1000), "Minor", hoursLater(4));
        Dispute withdrawn = disputeAwaitingSeller().negotiation().withdraw(BUYER, null, hoursLater(1));

        for (Dispute closed : List.of(resolved, withdrawn)) {
            for (Participant who : List.of(BUYER, SELLER, AGENT, OTHER_AGENT, INTEGRATION)) {
                assertThat(closed.actionsFor(who)).as("%s on a %s dispute", who.id(), closed.status()).isEmpty();
            }
        }
    }

    // ================================================================== helpers

    private static void assertClosed(Dispute dispute, DisputeStatus status, long refund, long release) {
        assertThat(dispute.status()).isEqualTo(status);
        assertThat(dispute.awaiting()).isEqualTo(Party.NOBODY);
        assertThat(dispute.dueAt()).isNull();
        assertThat(dispute.closedAt()).isNotNull();
        assertThat(dispute.outcome().refundToBuyer()).isEqualTo(refund);
        assertThat(dispute.outcome().releaseToSeller()).isEqualTo(release);
        DisputeClosed closed = closedEvent(dispute);
        assertThat(closed.status()).isEqualTo(status);
        assertThat(closed.orderId()).isEqualTo(DisputeFixtures.ORDER_ID);
        assertThat(closed.refundToBuyer()).isEqualTo(Money.of(refund, CURRENCY));
        assertThat(closed.releaseToSeller()).isEqualTo(Money.of(release, CURRENCY));
    }
}
