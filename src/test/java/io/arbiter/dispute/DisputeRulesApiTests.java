package io.arbiter.dispute;

import static io.arbiter.support.Json.field;
import static io.arbiter.support.Json.texts;
import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** The rules of the domain file as the API enforces them, one behaviour per test. */
class DisputeRulesApiTests extends ApiTest {

    private static String path(Case dispute, String action) {
        return "/api/v1/disputes/" + dispute.id() + action;
    }

    private JsonNode escrow(Case dispute) {
        return dispute.buyer().api().get("/api/v1/orders/" + dispute.orderId()).expect(200).json().get("escrow");
    }

    // ----------------------------------------------------------------- opening

    @Test
    void refusesNotReceivedWhileTheParcelIsInTransitInsideThePromisedWindow() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.order(buyer, marketplace.seller()).inTransitWithinPromisedWindow().imported();
        JsonNode problem = buyer.api().post("/api/v1/disputes",
                claim(orderId, "NOT_RECEIVED", resolution("FULL_REFUND"))).expect(422).json();
        assertThat(problem.get("detail").asString()).contains("please wait");
        assertThat(field(problem.get("errors"), "field")).containsExactly("reason");
    }

    @Test
    void refusesASecondDisputeOnceTheOrdersPaymentWasRefundedSayingSo() {
        Case settled = marketplace.disputeAwaitingSeller(partialRefund(2000));
        settled.seller().api().post(path(settled, "/accept"), Map.of()).expect(200);
        JsonNode escrow = escrow(settled);
        assertThat(escrow.get("held").asLong()).isZero();

        JsonNode problem = settled.buyer().api().post("/api/v1/disputes", claim(settled.orderId(), "QUALITY_ISSUE",
                partialRefund(1000))).expect(409).json();
        assertThat(problem.get("detail").asString()).contains("the payment of order " + settled.orderId()
                        + " was already refunded to you (2000) and released to the seller ("
                        + escrow.get("released").asLong() + "): nothing is held to dispute")
                .doesNotContain("an amount from 1 to 0");
    }

    @Test
    void opensNotReceivedOnceThePromisedWindowHasPassed() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.order(buyer, marketplace.seller()).inTransitPastPromisedWindow().imported();
        JsonNode opened = buyer.api().post("/api/v1/disputes",
                claim(orderId, "NOT_RECEIVED", resolution("FULL_REFUND"))).expect(201).json();
        assertThat(opened.get("claim").has("evidenceDueAt")).isFalse();
    }

    @Test
    void asksForAStatementWhenTrackingShowsDelivered() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Map<String, Object> body = claim(orderId, "NOT_RECEIVED", resolution("FULL_REFUND"));
        JsonNode problem = buyer.api().post("/api/v1/disputes", body).expect(422).json();
        assertThat(field(problem.get("errors"), "field")).containsExactly("statement");

        body.put("statement", "Not in the mailbox, not with the neighbours.");
        buyer.api().post("/api/v1/disputes", body).expect(201);
    }

    @Test
    void notAsDescribedNeedsEveryDifferenceListed() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Map<String, Object> body = claim(orderId, "NOT_AS_DESCRIBED", partialRefund(1000));
        assertThat(buyer.api().post("/api/v1/disputes", body).expect(422).json().get("errors").get(0).get("field")
                .asString()).isEqualTo("differences");

        body.put("differences", List.of(Map.of("attribute", "colour", "listed", "blue", "received", "green")));
        JsonNode opened = buyer.api().post("/api/v1/disputes", body).expect(201).json();
        assertThat(opened.get("claim").get("differences").get(0).get("received").asString()).isEqualTo("green");
        assertThat(opened.get("claim").get("evidenceDueAt").asString())
                .as("the policy's window after delivery, counted from the opening that came later")
                .isEqualTo(START.plus(Duration.ofDays(3)).toString());
        assertThat(opened.get("order").get("lines").get(0).get("attributes").get("colour").asString())
                .as("judged against the listing snapshot").isEqualTo("blue");
    }

    @Test
    void heldByCustomsNeedsTheDetentionCause() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.order(buyer, marketplace.seller()).heldByCustoms().imported();
        Map<String, Object> body = claim(orderId, "HELD_BY_CUSTOMS", resolution("FULL_REFUND"));
        buyer.api().post("/api/v1/disputes", body).expect(422);
        body.put("customsCause", "COUNTERFEIT_OR_IP");
        JsonNode opened = buyer.api().post("/api/v1/disputes", body).expect(201).json();
        assertThat(opened.get("claim").get("customsCause").asString()).isEqualTo("COUNTERFEIT_OR_IP");
    }

    @Test
    void fullRefundWithoutReturnIsOnlyForParcelsThatNeverArrived() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        JsonNode problem = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND"))).expect(422).json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("resolution.type");
    }

    @Test
    void refusesARefundAboveWhatWasPaidAndMorePiecesThanOrdered() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.order(buyer, marketplace.seller()).pieces(3).unitPrice(1000).imported();
        JsonNode tooMuch = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", partialRefund(3001))).expect(422).json();
        assertThat(tooMuch.get("errors").get(0).get("field").asString()).isEqualTo("resolution.amount");

        Map<String, Object> tooMany = claim(orderId, "QUALITY_ISSUE", partialRefund(3000));
        tooMany.put("piecesAffected", 4);
        assertThat(buyer.api().post("/api/v1/disputes", tooMany).expect(422).json().get("errors").get(0).get("field")
                .asString()).isEqualTo("piecesAffected");
    }

    @Test
    void answersMalformedInputWithTheFieldAndTheReason() {
        Person buyer = marketplace.buyer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", "");
        body.put("reason", "BROKEN_HEART");
        JsonNode problem = buyer.api().post("/api/v1/disputes", body).expect(400).json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("reason");

        body.put("reason", "WRONG_ITEM");
        Api.Response missing = buyer.api().post("/api/v1/disputes", body).expect(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(field(missing.json().get("errors"), "field"))
                .contains("orderId", "description", "piecesAffected", "resolution");
        buyer.api().post("/api/v1/disputes", "{not json").expect(400);
    }

    @Test
    void allowsOneOpenDisputePerOrder() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode problem = dispute.buyer().api().post("/api/v1/disputes",
                claim(dispute.orderId(), "WRONG_ITEM", resolution("RESHIPMENT"))).expect(409).json();
        assertThat(problem.get("detail").asString()).contains("already has an open dispute");
    }

    @Test
    void freezesTheHoldWhileADisputeIsOpen() {
        Case dispute = marketplace.disputeAwaitingSeller();
        assertThat(escrow(dispute).get("frozen").asBoolean()).isTrue();
        dispute.buyer().api().post("/api/v1/orders/" + dispute.orderId() + "/confirm-receipt", null).expect(409);
    }

    @Test
    void aReshipmentLeavesTheHoldInPlaceAndTheBuyerMayDisputeAgain() {
        Case dispute = marketplace.disputeAwaitingSeller(resolution("RESHIPMENT"));
        JsonNode resolved = dispute.seller().api().post(path(dispute, "/accept"), null).expect(200).json();
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.get("outcome").get("refundToBuyer").asLong()).isZero();
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("HELD");
        assertThat(escrow(dispute).get("frozen").asBoolean()).isFalse();

        dispute.buyer().api().post("/api/v1/disputes",
                claim(dispute.orderId(), "QUALITY_ISSUE", partialRefund(500))).expect(201);
    }

    // ----------------------------------------------------------------- negotiation

    @Test
    void theSellerAcceptingAPartialRefundReleasesTheRest() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(1200));
        JsonNode resolved = dispute.seller().api().post(path(dispute, "/accept"), null).expect(200).json();
        assertThat(resolved.get("outcome").get("settledBy").asString()).isEqualTo("AGREEMENT");
        assertThat(escrow(dispute).get("refunded").asLong()).isEqualTo(1200);
        assertThat(escrow(dispute).get("released").asLong()).isEqualTo(3800);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("PARTLY_REFUNDED");
    }

    @Test
    void offersGoBackAndForthUntilOneIsAccepted() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        JsonNode countered = dispute.buyer().api().post(path(dispute, "/offers"),
                Map.of("resolution", partialRefund(3000))).expect(200).json();
        assertThat(countered.get("status").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(countered.get("dueAt").asString()).isEqualTo(START.plus(Duration.ofDays(5)).toString());

        marketplace.advance(Duration.ofDays(1));
        JsonNode again = dispute.seller().api().post(path(dispute, "/offers"),
                Map.of("resolution", partialRefund(2000))).expect(200).json();
        assertThat(again.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(again.get("dueAt").asString()).isEqualTo(START.plus(Duration.ofDays(6)).toString());

        String offerId = again.get("negotiation").get("openOffer").get("id").asString();
        JsonNode accepted = dispute.buyer().api().post(path(dispute, "/accept"), Map.of("offerId", offerId))
                .expect(200).json();
        assertThat(accepted.get("outcome").get("refundToBuyer").asLong()).isEqualTo(2000);
    }

    @Test
    void acceptingAnOfferThatIsNoLongerOnTheTableIsAConflict() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post(path(dispute, "/accept"),
                Map.of("offerId", "00000000-0000-0000-0000-000000000000")).expect(409);
    }

    @Test
    void escalationWaitsUntilNegotiationHasFailed() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode problem = dispute.buyer().api().post(path(dispute, "/escalate"), null).expect(409).json();
        assertThat(problem.get("currentStatus").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(texts(problem.get("allowedActions"))).contains("WITHDRAW").doesNotContain("ESCALATE");

        dispute.seller().api().post(path(dispute, "/decline"), Map.of("note", "No")).expect(200);
        dispute.seller().api().post(path(dispute, "/escalate"), null).expect(200);
    }

    @Test
    void theSellerContestsOnceAndTheBuyerMayEscalate() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode contested = dispute.seller().api().post(path(dispute, "/contest"),
                Map.of("statement", "Shipped as listed")).expect(200).json();
        assertThat(contested.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(contested.get("negotiation").get("contested").asBoolean()).isTrue();
        marketplace.addDefectPhoto(dispute, 3);
        dispute.buyer().api().post(path(dispute, "/escalate"), null).expect(200);
        dispute.seller().api().post(path(dispute, "/contest"), Map.of("statement", "Again")).expect(409);
    }

    @Test
    void escalationWaitingForRequiredEvidenceIsBlockedNotAllowedAndNamesWhatIsMissing() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        JsonNode seen = dispute.buyer().api().get(path(dispute, "")).expect(200).json();
        assertThat(texts(seen.get("allowedActions"))).doesNotContain("ESCALATE").contains("ADD_EVIDENCE");
        JsonNode blocked = seen.get("blockedActions").get(0);
        assertThat(blocked.get("action").asString()).isEqualTo("ESCALATE");
        assertThat(blocked.get("reason").asString()).isEqualTo("REQUIRED_EVIDENCE_MISSING");
        assertThat(texts(blocked.get("missing"))).containsExactly("DEFECTS");

        JsonNode problem = dispute.buyer().api().post(path(dispute, "/escalate"), null).expect(422).json();
        assertThat(field(problem.get("errors"), "field")).containsExactly("evidence");

        marketplace.addDefectPhoto(dispute, 4);
        JsonNode supplied = dispute.buyer().api().get(path(dispute, "")).expect(200).json();
        assertThat(texts(supplied.get("allowedActions"))).contains("ESCALATE");
        assertThat(supplied.get("blockedActions")).isEmpty();
    }

    @Test
    void aDeliveredOrderIsNotOfferedNorOpenedAsHeldByCustoms() {
        Person buyer = marketplace.buyer();
        String delivered = marketplace.deliveredOrder(buyer, marketplace.seller());
        assertThat(field(buyer.api().get("/api/v1/reasons?orderId=" + delivered).expect(200).json(), "code"))
                .contains("NOT_RECEIVED", "QUALITY_ISSUE").doesNotContain("HELD_BY_CUSTOMS");
        Map<String, Object> customs = new LinkedHashMap<>(claim(delivered, "HELD_BY_CUSTOMS", resolution("FULL_REFUND")));
        customs.put("customsCause", "MISSING_INVOICE_OR_LICENCE");
        JsonNode problem = buyer.api().post("/api/v1/disputes", customs).expect(422).json();
        assertThat(field(problem.get("errors"), "field")).containsExactly("reason");

        String inTransit = marketplace.order(buyer, marketplace.seller()).inTransitWithinPromisedWindow().imported();
        assertThat(field(buyer.api().get("/api/v1/reasons?orderId=" + inTransit).expect(200).json(), "code"))
                .doesNotContain("NOT_RECEIVED");
        marketplace.buyer().api().get("/api/v1/reasons?orderId=" + inTransit).expect(404);
    }

    @Test
    void privateLimitsAreNeverShownToTheOtherSideAndSettleWhenTheyMeet() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post(path(dispute, "/private-limit"), Map.of("amount", 2000)).expect(200);

        JsonNode sellerView = dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(sellerView.get("negotiation").get("privateLimits").has("buyerLeastRefund")).isFalse();
        assertThat(sellerView.toString()).doesNotContain("least refund it would accept");

        JsonNode buyerView = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(buyerView.get("negotiation").get("privateLimits").get("buyerLeastRefund").asLong()).isEqualTo(2000);

        JsonNode settled = dispute.seller().api().post(path(dispute, "/private-limit"), Map.of("amount", 3000))
                .expect(200).json();
        assertThat(settled.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(settled.get("outcome").get("settledBy").asString()).isEqualTo("PRIVATE_LIMITS_MET");
        assertThat(settled.get("outcome").get("refundToBuyer").asLong()).isEqualTo(2500);
        JsonNode buyerAfter = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        // The seller's limit, as a number or as money; "3000" inside an id (a UUID's hex digits) is not it.
        assertThat(buyerAfter.toString()).doesNotContainPattern("(?<![0-9A-Za-z-])3000(?![0-9A-Za-z])")
                .doesNotContainPattern("30[.,]00");
    }

    @Test
    void privateLimitsThatDoNotMeetSettleNothing() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post(path(dispute, "/private-limit"), Map.of("amount", 4000)).expect(200);
        JsonNode view = dispute.seller().api().post(path(dispute, "/private-limit"), Map.of("amount", 1000))
                .expect(200).json();
        assertThat(view.get("status").asString()).isEqualTo("AWAITING_BUYER");
    }

    @Test
    void messagesAppearInTheTimelineOfBothParties() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post(path(dispute, "/messages"), Map.of("text", "Can you send a photo?")).expect(200);
        JsonNode buyerView = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(field(buyerView.get("timeline"), "summary")).contains("Can you send a photo?");
        marketplace.buyer().api().post(path(dispute, "/messages"), Map.of("text", "Hi")).expect(404);
    }

    @Test
    void withdrawingReleasesThePaymentToTheSeller() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        JsonNode withdrawn = dispute.buyer().api().post(path(dispute, "/withdraw"), Map.of("reason", "Found it"))
                .expect(200).json();
        assertThat(withdrawn.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.get("whoseMove").asString()).isEqualTo("NOBODY");
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("RELEASED");
        assertThat(escrow(dispute).get("released").asLong()).isEqualTo(5000);
    }

    // ----------------------------------------------------------------- arbitration

    @Test
    void anAgentsDecisionIsFinal() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post(path(dispute, "/decision"),
                Map.of("resolution", resolution("CLAIM_REJECTED"), "reasons", "No defect visible")).expect(200);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("RELEASED");
        dispute.buyer().api().post(path(dispute, "/withdraw"), null).expect(409);
        agent.api().post(path(dispute, "/decision"),
                Map.of("resolution", resolution("FULL_REFUND"), "reasons", "Changed my mind")).expect(409);
    }

    @Test
    void aDecisionNeedsWrittenReasons() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        JsonNode problem = agent.api().post(path(dispute, "/decision"),
                Map.of("resolution", resolution("FULL_REFUND"), "reasons", " ")).expect(400).json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("reasons");
    }

    @Test
    void aSuggestionIsCarriedOutOnceBothPartiesAcceptIt() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post(path(dispute, "/suggestion"),
                Map.of("resolution", partialRefund(2500), "reasons", "Meet halfway")).expect(200);
        JsonNode half = dispute.buyer().api().post(path(dispute, "/suggestion/accept"), null).expect(200).json();
        assertThat(half.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(half.get("review").get("suggestion").get("buyerAccepted").asBoolean()).isTrue();
        JsonNode done = dispute.seller().api().post(path(dispute, "/suggestion/accept"), null).expect(200).json();
        assertThat(done.get("outcome").get("settledBy").asString()).isEqualTo("SUGGESTION_ACCEPTED");
        assertThat(escrow(dispute).get("refunded").asLong()).isEqualTo(2500);
    }

    @Test
    void anInformationRequestPutsThePartyOnTheMoveUntilItAnswers() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        String due = START.plus(Duration.ofDays(1)).toString();
        JsonNode asked = agent.api().post(path(dispute, "/information-requests"),
                Map.of("from", "SELLER", "question", "Proof of shipment?", "dueAt", due)).expect(200).json();
        assertThat(asked.get("whoseMove").asString()).isEqualTo("SELLER");
        assertThat(asked.get("dueAt").asString()).isEqualTo(due);

        JsonNode sellerSees = dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(texts(sellerSees.get("allowedActions"))).contains("RESPOND_TO_INFORMATION_REQUEST");
        dispute.buyer().api().post(path(dispute, "/information-response"), Map.of("text", "me?")).expect(409);

        JsonNode answered = dispute.seller().api().post(path(dispute, "/information-response"),
                Map.of("text", "Receipt attached")).expect(200).json();
        assertThat(answered.get("whoseMove").asString()).isEqualTo("AGENT");
        assertThat(answered.get("dueAt").asString()).isEqualTo(START.plus(Duration.ofDays(2)).toString());
    }

    @Test
    void agentsSeeOnlyEscalatedDisputesAndActOnlyOnTheirOwnCases() {
        Person agent = marketplace.agent();
        Person otherAgent = marketplace.agent();
        Case notEscalated = marketplace.disputeAwaitingSeller();
        agent.api().get("/api/v1/disputes/" + notEscalated.id()).expect(404);

        Case dispute = marketplace.disputeWithAgent(agent);
        otherAgent.api().get("/api/v1/disputes/" + dispute.id()).expect(200);
        otherAgent.api().post(path(dispute, "/decision"),
                Map.of("resolution", resolution("FULL_REFUND"), "reasons", "x")).expect(403);
        dispute.buyer().api().post(path(dispute, "/decision"),
                Map.of("resolution", resolution("FULL_REFUND"), "reasons", "x")).expect(403);
    }

    // ----------------------------------------------------------------- returns

    @Test
    void aReturnEndsInARefundOnceTheSellerConfirmsReceipt() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode accepted = dispute.seller().api().post(path(dispute, "/accept"),
                Map.of("sellerPaysReturnShipping", true, "returnAddress", "Returns dept, 1 Main St")).expect(200).json();
        assertThat(accepted.get("status").asString()).isEqualTo("AWAITING_RETURN_SHIPMENT");
        assertThat(accepted.get("dueAt").asString()).isEqualTo(START.plus(Duration.ofDays(10)).toString());

        marketplace.advance(Duration.ofDays(2));
        JsonNode shipped = dispute.buyer().api().post(path(dispute, "/return/shipment"),
                Map.of("carrier", "UPS", "trackingNumber", "1Z999", "shippingCost", 650)).expect(200).json();
        assertThat(shipped.get("status").asString()).isEqualTo("AWAITING_RETURN_RECEIPT");
        assertThat(shipped.get("whoseMove").asString()).isEqualTo("SELLER");

        marketplace.advance(Duration.ofDays(3));
        JsonNode delivered = marketplace.integration().post(path(dispute, "/return/delivered"),
                Map.of("deliveredAt", marketplace.now().toString())).expect(200).json();
        assertThat(delivered.get("dueAt").asString())
                .isEqualTo(START.plus(Duration.ofDays(5 + 15)).toString());

        JsonNode refunded = dispute.seller().api().post(path(dispute, "/return/receipt"), null).expect(200).json();
        assertThat(refunded.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(refunded.get("outcome").get("refundToBuyer").asLong()).isEqualTo(5000);
        assertThat(refunded.get("outcome").get("returnShippingReimbursement").asLong()).isEqualTo(650);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("REFUNDED");
    }

    @Test
    void aReturnCannotBeShippedBeforeTheSellerConfirmsTheAddress() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode accepted = dispute.seller().api().post(path(dispute, "/accept"), null).expect(200).json();
        assertThat(accepted.get("status").asString()).isEqualTo("AWAITING_RETURN_ADDRESS");
        JsonNode problem = dispute.buyer().api().post(path(dispute, "/return/shipment"),
                Map.of("carrier", "UPS", "trackingNumber", "1Z1")).expect(409).json();
        assertThat(problem.get("currentStatus").asString()).isEqualTo("AWAITING_RETURN_ADDRESS");

        dispute.seller().api().post(path(dispute, "/return/address"), Map.of("address", "1 Main St")).expect(200);
        JsonNode shipped = dispute.buyer().api().post(path(dispute, "/return/shipment"),
                Map.of("carrier", "UPS", "trackingNumber", "1Z1", "shippingCost", 700)).expect(200).json();
        dispute.seller().api().post(path(dispute, "/return/receipt"), null).expect(200);
        JsonNode done = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(done.get("outcome").get("returnShippingReimbursement").asLong())
                .as("the buyer bears return shipping unless the seller agreed").isZero();
        assertThat(shipped.get("returnShipment").get("shippingCost").asLong()).isEqualTo(700);
    }

    // ----------------------------------------------------------------- lists and versions

    @Test
    void listsOnlyYourDisputesFilteredByStatusAndWhoseMove() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String first = marketplace.deliveredOrder(buyer, seller);
        String second = marketplace.deliveredOrder(buyer, seller);
        buyer.api().post("/api/v1/disputes", claim(first, "WRONG_ITEM", resolution("RESHIPMENT"))).expect(201);
        String secondId = buyer.api().post("/api/v1/disputes", claim(second, "WRONG_ITEM", resolution("RESHIPMENT")))
                .expect(201).json().get("id").asString();
        seller.api().post("/api/v1/disputes/" + secondId + "/offers", Map.of("resolution", partialRefund(100)))
                .expect(200);

        JsonNode mine = buyer.api().get("/api/v1/disputes").expect(200).json();
        assertThat(mine.get("totalItems").asLong()).isEqualTo(2);
        JsonNode waiting = buyer.api().get("/api/v1/disputes?awaitingMyAction=true").expect(200).json();
        assertThat(field(waiting.get("items"), "id")).containsExactly(secondId);
        assertThat(waiting.get("items").get(0).get("latestUpdate").asString())
                .as("amounts read as money in the list, not as minor units")
                .isEqualTo("The seller offered a partial refund of €1.00");
        JsonNode bySeller = seller.api().get("/api/v1/disputes?status=AWAITING_SELLER").expect(200).json();
        assertThat(bySeller.get("totalItems").asLong()).isEqualTo(1);
        JsonNode paged = buyer.api().get("/api/v1/disputes?size=1&page=1").expect(200).json();
        assertThat(paged.get("items")).hasSize(1);
        assertThat(marketplace.buyer().api().get("/api/v1/disputes").expect(200).json().get("totalItems").asLong())
                .isZero();
        buyer.api().get("/api/v1/disputes?size=0").expect(400);
        buyer.api().get("/api/v1/disputes?status=NOPE").expect(400);
    }

    @Test
    void theAgentQueueListsUnassignedEscalationsByDueTime() {
        Person agent = marketplace.agent();
        Case first = marketplace.disputeInQueue();
        marketplace.advance(Duration.ofHours(1));
        Case second = marketplace.disputeInQueue();
        JsonNode queue = agent.api().get("/api/v1/disputes?assignment=UNASSIGNED&sort=DUE&size=100").expect(200).json();
        List<String> ids = field(queue.get("items"), "id");
        assertThat(ids).contains(first.id(), second.id());
        assertThat(ids.indexOf(first.id())).isLessThan(ids.indexOf(second.id()));

        agent.api().post("/api/v1/disputes/" + first.id() + "/take", null).expect(200);
        JsonNode mine = agent.api().get("/api/v1/disputes?assignment=MINE").expect(200).json();
        assertThat(field(mine.get("items"), "id")).containsExactly(first.id());
    }

    @Test
    void refusesAnActionOnAStaleVersion() {
        Case dispute = marketplace.disputeAwaitingSeller();
        Api.Response read = dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).expect(200);
        String etag = read.header("ETag");
        dispute.buyer().api().post(path(dispute, "/messages"), Map.of("text", "hello")).expect(200);
        dispute.buyer().api().post(path(dispute, "/private-limit"), Map.of("amount", 100)).expect(200);
        dispute.seller().api().with("If-Match", etag).post(path(dispute, "/accept"), null).expect(409);
    }
}
