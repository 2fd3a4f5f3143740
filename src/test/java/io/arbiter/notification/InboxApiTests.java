package io.arbiter.notification;

import static io.arbiter.notification.Notices.about;
import static io.arbiter.notification.Notices.awaitItem;
import static io.arbiter.notification.Notices.inbox;
import static io.arbiter.notification.Notices.kinds;
import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.settlement.PayoutEvents.PayoutNeedsAttention;
import io.arbiter.support.ApiTest;
import io.arbiter.webhook.WebhookEndpointDisabled;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Every step that asks something of someone puts it in their inbox, with what is asked and by when; each
 * person reads and marks only their own items. Listeners run after commit, so tests wait for the item.
 */
class InboxApiTests extends ApiTest {


    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private ApplicationEventPublisher events;

    private Notices notices;

    @BeforeEach
    void notices() {
        notices = new Notices(jdbc);
    }

    // ------------------------------------------------------------------ negotiation

    @Test
    void tellsTheSellerWhatTheBuyerClaimsAndByWhenToRespond() {
        Case dispute = marketplace.disputeAwaitingSeller();

        JsonNode item = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM");
        assertThat(item.get("title").asString()).isEqualTo("Respond to the dispute on order " + dispute.orderId());
        assertThat(item.get("text").asString())
                .contains(dispute.buyer().username() + " opened a dispute on order " + dispute.orderId()
                        + ": quality issue. They ask for a full refund with return.")
                .contains("Accept the claim, make a counter-offer or contest it with evidence by March 7, 2026, 10:00 UTC.");
        assertThat(item.get("dueAt").asString()).isEqualTo("2026-03-07T10:00:00Z");
        assertThat(item.get("createdAt").asString()).isEqualTo(START.toString());
        assertThat(item.has("readAt")).isFalse();
        assertThat(item.get("disputeId").asString()).isEqualTo(dispute.id());
        assertThat(item.get("link").asString()).as("with arbiter.public-url unset, the port this server listens on")
                .isEqualTo("http://localhost:" + port + "/disputes/" + dispute.id());
        JsonNode asTheSellerSeesIt = dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).json();
        assertThat(asTheSellerSeesIt.get("whoseMove").asString()).isEqualTo("SELLER");
        assertThat(asTheSellerSeesIt.get("dueAt").asString()).isEqualTo(item.get("dueAt").asString());

        notices.awaitSettled(dispute.id());
        assertThat(about(dispute.buyer(), dispute.id())).as("the buyer opened it and is asked nothing").isEmpty();
        assertThat(about(dispute.seller(), dispute.id())).hasSize(1);
    }

    @Test
    void tellsEachSideAboutTheOtherSidesOfferAndByWhenToAnswer() {
        Case dispute = marketplace.disputeAwaitingSeller();
        marketplace.advance(Duration.ofDays(1));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it and take 10.00")).expect(200);

        JsonNode toBuyer = awaitItem(dispute.buyer(), dispute.id(), "RESPOND_TO_OFFER");
        assertThat(toBuyer.get("title").asString()).isEqualTo("New offer on order " + dispute.orderId());
        assertThat(toBuyer.get("text").asString())
                .contains("offers a partial refund of 10.00 EUR. Note: “Keep it and take 10.00”")
                .contains("Accept it, decline it or make another offer by March 8, 2026, 10:00 UTC.");
        assertThat(toBuyer.get("dueAt").asString()).isEqualTo("2026-03-08T10:00:00Z");

        marketplace.advance(Duration.ofHours(3));
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(2550))).expect(200);
        JsonNode toSeller = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_OFFER");
        assertThat(toSeller.get("text").asString()).contains("offers a partial refund of 25.50 EUR.")
                .doesNotContain("Note:").contains("by March 8, 2026, 13:00 UTC.");
        assertThat(toSeller.get("dueAt").asString()).isEqualTo("2026-03-08T13:00:00Z");
    }

    @Test
    void asksTheBuyerToAnswerWhenTheSellerContests() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/contest",
                Map.of("statement", "The photos show another item.")).expect(200);

        JsonNode item = awaitItem(dispute.buyer(), dispute.id(), "ANSWER_CONTEST");
        assertThat(item.get("title").asString()).isEqualTo("The seller contests your claim on order " + dispute.orderId());
        assertThat(item.get("text").asString()).contains("contests your claim: “The photos show another item.”")
                .contains("escalate the dispute to the marketplace's agents by March 7, 2026, 10:00 UTC.");
        assertThat(item.get("dueAt").asString()).isEqualTo("2026-03-07T10:00:00Z");
    }

    // ------------------------------------------------------------------ arbitration

    @Test
    void putsAnEscalatedCaseIntoEveryAgentsInbox() {
        Person agnes = marketplace.agent();
        Person arthur = marketplace.agent();
        Case dispute = marketplace.disputeInQueue();

        for (Person agent : new Person[] {agnes, arthur}) {
            JsonNode item = awaitItem(agent, dispute.id(), "CASE_IN_QUEUE");
            assertThat(item.get("title").asString()).isEqualTo("New case in the queue: order " + dispute.orderId());
            assertThat(item.get("text").asString()).isEqualTo("The buyer escalated the dispute on order "
                    + dispute.orderId() + " (quality issue). Note: “10.00 is not enough” Take the case and review it"
                    + " by March 4, 2026, 10:00 UTC.");
            assertThat(item.get("dueAt").asString()).isEqualTo("2026-03-04T10:00:00Z");
        }
    }

    @Test
    void asksThePartyForTheInformationTheAgentWantsByTheAgentsDueTimeAndTellsTheAgentTheAnswer() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        Instant due = START.plus(Duration.ofHours(30));
        agent.api().post("/api/v1/disputes/" + dispute.id() + "/information-requests",
                Map.of("from", "SELLER", "question", "Which size did you ship?", "dueAt", due.toString())).expect(200);

        JsonNode asked = awaitItem(dispute.seller(), dispute.id(), "INFORMATION_REQUESTED");
        assertThat(asked.get("text").asString())
                .isEqualTo("The agent asks: “Which size did you ship?” Respond by March 3, 2026, 16:00 UTC.");
        assertThat(asked.get("dueAt").asString()).isEqualTo(due.toString());
        notices.awaitSettled(dispute.id());
        assertThat(kinds(about(dispute.buyer(), dispute.id()))).doesNotContain("INFORMATION_REQUESTED");

        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/information-response",
                Map.of("text", "Size 42, as ordered.")).expect(200);
        JsonNode answered = awaitItem(agent, dispute.id(), "INFORMATION_PROVIDED");
        assertThat(answered.get("text").asString()).startsWith("The seller answered: “Size 42, as ordered.”");
        assertThat(answered.get("dueAt").asString()).isEqualTo("2026-03-04T10:00:00Z");
    }

    @Test
    void showsBothPartiesTheAgentsSuggestion() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post("/api/v1/disputes/" + dispute.id() + "/suggestion",
                Map.of("resolution", partialRefund(2000), "reasons", "Scuffs, but wearable.")).expect(200);

        for (Person party : new Person[] {dispute.buyer(), dispute.seller()}) {
            JsonNode item = awaitItem(party, dispute.id(), "SUGGESTION_POSTED");
            assertThat(item.get("text").asString())
                    .startsWith("The agent suggests a partial refund of 20.00 EUR: “Scuffs, but wearable.”");
            assertThat(item.has("dueAt")).isFalse();
        }
    }

    @Test
    void tellsBothPartiesTheDecisionWithItsMoneyAndReasonsOnce() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post("/api/v1/disputes/" + dispute.id() + "/decision",
                Map.of("resolution", partialRefund(2500), "reasons", "Half the claim is shown.")).expect(200);

        for (Person party : new Person[] {dispute.buyer(), dispute.seller()}) {
            JsonNode item = awaitItem(party, dispute.id(), "DISPUTE_CLOSED");
            assertThat(item.get("title").asString()).isEqualTo("The dispute on order " + dispute.orderId() + " is closed");
            assertThat(item.get("text").asString()).isEqualTo("The agent decided: a partial refund of 25.00 EUR."
                    + " Reasons: “Half the claim is shown.” Refund to the buyer: 25.00 EUR; released to the seller:"
                    + " 25.00 EUR. Decisions by agents are final.");
        }
        notices.awaitSettled(dispute.id());
        assertThat(kinds(about(dispute.buyer(), dispute.id()))).doesNotContain("DISPUTE_DECIDED")
                .containsOnlyOnce("DISPUTE_CLOSED");
    }

    @Test
    void walksBothPartiesThroughAReturnTheAgentDecided() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post("/api/v1/disputes/" + dispute.id() + "/decision",
                Map.of("resolution", resolution("FULL_REFUND_WITH_RETURN"), "reasons", "Broken on arrival.")).expect(200);

        for (Person party : new Person[] {dispute.buyer(), dispute.seller()}) {
            assertThat(awaitItem(party, dispute.id(), "DISPUTE_DECIDED").get("text").asString())
                    .isEqualTo("Decision: a full refund with return. Reasons: “Broken on arrival.” The item goes back:"
                            + " the seller confirms the return address, then the buyer ships it.");
        }
        JsonNode address = awaitItem(dispute.seller(), dispute.id(), "CONFIRM_RETURN_ADDRESS");
        assertThat(address.get("text").asString()).isEqualTo("The buyer sends the item back to you, at the buyer's"
                + " cost. Confirm the address it goes to by March 7, 2026, 10:00 UTC.");

        marketplace.advance(Duration.ofDays(1));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/return/address",
                Map.of("address", "Returns desk, 1 Dock Road, Rotterdam")).expect(200);
        JsonNode ship = awaitItem(dispute.buyer(), dispute.id(), "SHIP_RETURN");
        assertThat(ship.get("text").asString())
                .startsWith("The seller confirmed the return address: Returns desk, 1 Dock Road, Rotterdam.")
                .contains("record the carrier and tracking number by March 13, 2026, 10:00 UTC.");
        assertThat(ship.get("dueAt").asString()).isEqualTo("2026-03-13T10:00:00Z");

        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/return/shipment",
                Map.of("carrier", "PostNL", "trackingNumber", "3SXYZ123")).expect(200);
        JsonNode onItsWay = awaitItem(dispute.seller(), dispute.id(), "CONFIRM_RETURN_RECEIPT");
        assertThat(onItsWay.get("text").asString()).startsWith("The buyer shipped the item back with PostNL, tracking"
                + " number 3SXYZ123.");
        assertThat(onItsWay.has("dueAt")).isFalse();

        marketplace.advance(Duration.ofDays(2));
        marketplace.integration().post("/api/v1/disputes/" + dispute.id() + "/return/delivered",
                Map.of("deliveredAt", marketplace.now().minus(Duration.ofHours(2)).toString())).expect(200);
        JsonNode delivered = awaitItem(dispute.seller(), dispute.id(), "RETURN_DELIVERED");
        assertThat(delivered.get("dueAt").asString()).isEqualTo("2026-03-20T08:00:00Z");
        assertThat(delivered.get("text").asString()).contains("Confirm receipt by March 20, 2026, 08:00 UTC");

        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/return/receipt", null).expect(200);
        for (Person party : new Person[] {dispute.buyer(), dispute.seller()}) {
            assertThat(awaitItem(party, dispute.id(), "DISPUTE_CLOSED").get("text").asString())
                    .isEqualTo("The agent decided: a full refund with return. Reasons: “Broken on arrival.” Refund to"
                            + " the buyer: 50.00 EUR; released to the seller: 0.00 EUR. Decisions by agents are final.");
        }
    }

    @Test
    void asksTheSellerForNoAddressItGaveWhenAcceptingTheReturn() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept",
                Map.of("returnAddress", "Returns desk, 1 Dock Road, Rotterdam")).expect(200);

        awaitItem(dispute.buyer(), dispute.id(), "SHIP_RETURN");
        notices.awaitSettled(dispute.id());
        assertThat(kinds(about(dispute.seller(), dispute.id()))).containsExactly("RESPOND_TO_CLAIM");
    }

    @Test
    void tellsTheSellerThatTheBuyerWithdrewAndWhatIsReleased() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/withdraw",
                Map.of("reason", "Found the missing piece.")).expect(200);

        JsonNode item = awaitItem(dispute.seller(), dispute.id(), "DISPUTE_WITHDRAWN");
        assertThat(item.get("title").asString()).isEqualTo("The buyer withdrew the dispute on order " + dispute.orderId());
        assertThat(item.get("text").asString())
                .isEqualTo("Note: “Found the missing piece.” The payment of 50.00 EUR is released to you.");
        notices.awaitSettled(dispute.id());
        assertThat(about(dispute.buyer(), dispute.id())).as("the buyer withdrew it").isEmpty();
        assertThat(kinds(about(dispute.seller(), dispute.id()))).doesNotContain("DISPUTE_CLOSED");
    }

    @Test
    void tellsEveryAdminWhenAPayoutNeedsAttention() {
        Person first = marketplace.admin();
        Person second = marketplace.admin();
        UUID payout = UUID.randomUUID();
        UUID disputeId = UUID.randomUUID();
        transaction.executeWithoutResult(status -> events.publishEvent(new PayoutNeedsAttention(payout, "ORD-77",
                disputeId, "REFUND", "FAILED", "card expired", marketplace.now())));

        for (Person admin : new Person[] {first, second}) {
            JsonNode item = awaitItem(admin, disputeId.toString(), "PAYOUT_NEEDS_ATTENTION");
            assertThat(item.get("title").asString()).isEqualTo("A payout for order ORD-77 needs attention");
            assertThat(item.get("text").asString()).isEqualTo("Payout instruction " + payout
                    + " (REFUND, FAILED): “card expired” Check it with the payment side, then retry it or settle it by hand.");
        }
    }

    // ------------------------------------------------------------------ at least once, told once

    @Test
    void writesTheItemInTheTransactionOfItsChangeAndKeepsNothingBeside() {
        Case dispute = marketplace.disputeAwaitingSeller();

        // No waiting: the notice committed with the dispute.
        assertThat(about(dispute.seller(), dispute.id())).extracting(item -> item.get("kind").asString())
                .containsExactly("RESPOND_TO_CLAIM");
        assertThat(jdbc.sql("select count(*) from information_schema.tables where lower(table_name) like 'event_pub%'")
                .query(Long.class).single()).as("no event publication registry at all").isZero();
    }

    // ------------------------------------------------------------------ reading the inbox

    @Test
    void listsOnlyTheCallersOwnItemsNewestFirstWithTheUnreadCount() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String first = open(buyer, seller);
        marketplace.advance(Duration.ofHours(1));
        String second = open(buyer, seller);
        awaitItem(seller, first, "RESPOND_TO_CLAIM");
        awaitItem(seller, second, "RESPOND_TO_CLAIM");

        JsonNode page = seller.api().get("/api/v1/inbox?page=0&size=1").expect(200).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("disputeId").asString()).isEqualTo(second);
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asLong()).isEqualTo(2);
        assertThat(page.get("unreadCount").asLong()).isEqualTo(2);
        JsonNode next = seller.api().get("/api/v1/inbox?page=1&size=1").expect(200).json();
        assertThat(next.get("items").get(0).get("disputeId").asString()).isEqualTo(first);

        String newest = page.get("items").get(0).get("id").asString();
        seller.api().post("/api/v1/inbox/" + newest + "/read", null).expect(200);
        JsonNode unread = seller.api().get("/api/v1/inbox?unreadOnly=true").expect(200).json();
        assertThat(unread.get("items")).hasSize(1);
        assertThat(unread.get("items").get(0).get("disputeId").asString()).isEqualTo(first);
        assertThat(unread.get("unreadCount").asLong()).isEqualTo(1);

        assertThat(inbox(buyer).get("items")).isEmpty();
        assertThat(inbox(marketplace.seller()).get("totalItems").asLong()).isZero();
    }

    @Test
    void marksAnItemReadOnlyForItsOwnerAndKeepsTheFirstReadingTime() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String id = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM").get("id").asString();

        dispute.buyer().api().post("/api/v1/inbox/" + id + "/read", null).expect(404);
        marketplace.seller().api().post("/api/v1/inbox/" + id + "/read", null).expect(404);
        dispute.seller().api().post("/api/v1/inbox/" + UUID.randomUUID() + "/read", null).expect(404);
        assertThat(inbox(dispute.seller()).get("unreadCount").asLong()).isEqualTo(1);

        marketplace.advance(Duration.ofMinutes(5));
        JsonNode read = dispute.seller().api().post("/api/v1/inbox/" + id + "/read", null).expect(200).json();
        assertThat(read.get("readAt").asString()).isEqualTo(marketplace.now().toString());
        marketplace.advance(Duration.ofMinutes(5));
        JsonNode again = dispute.seller().api().post("/api/v1/inbox/" + id + "/read", null).expect(200).json();
        assertThat(again.get("readAt").asString()).isEqualTo(read.get("readAt").asString());
        assertThat(inbox(dispute.seller()).get("unreadCount").asLong()).isZero();
    }

    @Test
    void marksAllOfTheCallersItemsReadAndNobodyElses() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM");
        awaitItem(dispute.buyer(), dispute.id(), "RESPOND_TO_OFFER");

        JsonNode marked = dispute.seller().api().post("/api/v1/inbox/read-all", null).expect(200).json();
        assertThat(marked.get("marked").asInt()).isEqualTo(1);
        assertThat(inbox(dispute.seller()).get("unreadCount").asLong()).isZero();
        assertThat(inbox(dispute.buyer()).get("unreadCount").asLong()).isEqualTo(1);
        assertThat(dispute.seller().api().post("/api/v1/inbox/read-all", null).expect(200).json()
                .get("marked").asInt()).isZero();
    }

    @Test
    void refusesStrangersAndImpossiblePages() {
        marketplace.anonymous().get("/api/v1/inbox").expect(401);
        Person buyer = marketplace.buyer();
        buyer.api().get("/api/v1/inbox?size=0").expect(400);
        buyer.api().get("/api/v1/inbox?size=101").expect(400);
        buyer.api().get("/api/v1/inbox?page=-1").expect(400);
        buyer.api().post("/api/v1/inbox/not-an-id/read", null).expect(400);
    }

    private String open(Person buyer, Person seller) {
        String orderId = marketplace.deliveredOrder(buyer, seller);
        return buyer.api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201).json().get("id").asString();
    }

    @Test
    void tellsEveryAdminWhenAWebhookEndpointIsDisabled() {
        Person first = marketplace.admin();
        Person second = marketplace.admin();
        UUID endpoint = UUID.randomUUID();
        transaction.executeWithoutResult(status -> events.publishEvent(new WebhookEndpointDisabled(endpoint,
                "https://hooks.marketplace.test/" + endpoint, "410 Gone", marketplace.now())));

        for (Person admin : new Person[] {first, second}) {
            JsonNode item = await().atMost(Notices.PATIENCE).until(() -> inbox(admin).get("items").valueStream()
                    .filter(found -> found.get("kind").asString().equals("WEBHOOK_ENDPOINT_DISABLED")).toList(),
                    found -> !found.isEmpty()).get(0);
            assertThat(item.get("title").asString()).isEqualTo("A webhook endpoint was disabled");
            assertThat(item.get("text").asString()).contains("https://hooks.marketplace.test/" + endpoint, "410 Gone");
            assertThat(item.has("disputeId")).isFalse();
        }
    }
}
