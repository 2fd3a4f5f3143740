package io.arbiter.order;

import static io.arbiter.support.Json.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** Orders as the marketplace imports them and as buyers and sellers read them. */
class OrderApiTests extends ApiTest {

    @Test
    void importingTheSameOrderTwiceChangesNothing() {
        Person buyer = marketplace.buyer();
        Marketplace.OrderBuilder order = marketplace.order(buyer, marketplace.seller());
        String id = order.imported();
        Api.Response again = marketplace.integration().put("/api/v1/orders/" + id, order.body()).expect(200);
        JsonNode read = marketplace.integration().get("/api/v1/orders/" + id).expect(200).json();
        assertThat(again.json()).isEqualTo(read);
        assertThat(read.get("escrow").get("status").asString()).isEqualTo("HELD");
        assertThat(read.get("escrow").get("held").asLong()).isEqualTo(order.total());
        assertThat(read.get("lines").get(0).get("attributes").get("size").asString()).isEqualTo("42");
        assertThat(read.get("shipment").get("trackingStatus").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void answersWithThePartiesInTheShapeThePutTakesSoAnAnswerCanBeSentBack() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String id = marketplace.order(buyer, seller).imported();
        marketplace.integration().put("/api/v1/orders/" + id, Map.of()).expect(400); // nothing else is taken
        JsonNode read = marketplace.integration().get("/api/v1/orders/" + id).expect(200).json();
        assertThat(read.get("buyer").get("id").asString()).isEqualTo(buyer.id()).isEqualTo(read.get("buyerId").asString());
        assertThat(read.get("buyer").get("name").asString()).isEqualTo("Buyer " + buyer.username());
        assertThat(read.get("buyer").get("email").asString()).isEqualTo(buyer.username() + "@example.com");
        assertThat(read.get("seller").get("id").asString()).isEqualTo(seller.id())
                .isEqualTo(read.get("sellerId").asString());

        JsonNode sentBack = marketplace.integration().put("/api/v1/orders/" + id, read).expect(200).json();
        assertThat(sentBack).isEqualTo(read);

        JsonNode asTheSellerSeesIt = seller.api().get("/api/v1/orders/" + id).expect(200).json();
        assertThat(asTheSellerSeesIt.get("buyer").get("name").asString()).isEqualTo("Buyer " + buyer.username());
        assertThat(asTheSellerSeesIt.get("buyer").has("email")).as("the buyer's e-mail is not the seller's").isFalse();
        assertThat(seller.api().get("/api/v1/orders").expect(200).json().get("items").get(0).get("buyer").get("id")
                .asString()).isEqualTo(buyer.id());
    }

    @Test
    void aReimportRenamesAPartyOnlyWithWhatItNames() {
        Person buyer = marketplace.buyer();
        Marketplace.OrderBuilder order = marketplace.order(buyer, marketplace.seller());
        String id = order.imported();
        Map<String, Object> body = order.body();
        body.put("buyer", Map.of("id", buyer.id(), "name", "Ana Buyer", "email", "ana@example.com"));
        marketplace.integration().put("/api/v1/orders/" + id, body).expect(200);
        JsonNode renamed = marketplace.integration().get("/api/v1/orders/" + id).expect(200).json().get("buyer");
        assertThat(renamed.get("name").asString()).isEqualTo("Ana Buyer");
        assertThat(renamed.get("email").asString()).isEqualTo("ana@example.com");

        body.put("buyer", Map.of("id", buyer.id()));
        marketplace.integration().put("/api/v1/orders/" + id, body).expect(200);
        JsonNode kept = marketplace.integration().get("/api/v1/orders/" + id).expect(200).json().get("buyer");
        assertThat(kept.get("name").asString()).as("an import that names nobody keeps the name").isEqualTo("Ana Buyer");
        assertThat(kept.get("email").asString()).isEqualTo("ana@example.com");
    }

    @Test
    void reimportUpdatesTrackingButNotTheTermsOfADisputedOrder() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        Marketplace.OrderBuilder order = marketplace.order(buyer, seller).inTransitPastPromisedWindow();
        String id = order.imported();
        Map<String, Object> body = order.body();
        body.put("paid", 100);
        JsonNode changed = marketplace.integration().put("/api/v1/orders/" + id, body).expect(200).json();
        assertThat(changed.get("escrow").get("held").asLong()).isEqualTo(100);

        buyer.api().post("/api/v1/disputes", Marketplace.claim(id, "NOT_RECEIVED", Marketplace.resolution("FULL_REFUND")))
                .expect(201);
        body.put("paid", 50);
        marketplace.integration().put("/api/v1/orders/" + id, body).expect(409);

        JsonNode tracked = marketplace.integration().post("/api/v1/orders/" + id + "/tracking-events",
                Map.of("status", "DELIVERED", "at", marketplace.now().toString(), "location", "Front door")).expect(200)
                .json();
        assertThat(tracked.get("shipment").get("deliveredAt").asString()).isEqualTo(marketplace.now().toString());
        assertThat(field(tracked.get("shipment").get("events"), "status")).containsExactly("IN_TRANSIT", "DELIVERED");
    }

    @Test
    void settlingADisputeChangesOnlyTheHoldAndLeavesTheOrderOpenToLaterUpdates() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        Marketplace.OrderBuilder order = marketplace.order(buyer, seller);
        String id = order.imported();
        JsonNode before = buyer.api().get("/api/v1/orders/" + id).expect(200).json();
        String dispute = buyer.api().post("/api/v1/disputes",
                Marketplace.claim(id, "QUALITY_ISSUE", Marketplace.partialRefund(1000))).expect(201).json()
                .get("id").asString();
        seller.api().post("/api/v1/disputes/" + dispute + "/accept", null).expect(200);

        JsonNode settled = buyer.api().get("/api/v1/orders/" + id).expect(200).json();
        assertThat(settled.get("escrow").get("status").asString()).isEqualTo("PARTLY_REFUNDED");
        assertThat(settled.get("escrow").get("refunded").asLong()).isEqualTo(1000);
        assertThat(settled.get("escrow").get("released").asLong()).isEqualTo(order.total() - 1000);
        assertThat(settled.get("lines")).isEqualTo(before.get("lines"));
        assertThat(settled.get("shipment")).isEqualTo(before.get("shipment"));

        // The order's own save checks the version the hold's save moved on.
        JsonNode tracked = marketplace.integration().post("/api/v1/orders/" + id + "/tracking-events",
                Map.of("status", "RETURNED_TO_SENDER", "at", marketplace.now().toString())).expect(200).json();
        assertThat(field(tracked.get("shipment").get("events"), "status")).endsWith("RETURNED_TO_SENDER");
        assertThat(tracked.get("escrow")).isEqualTo(settled.get("escrow"));
        assertThat(tracked.get("lines")).isEqualTo(before.get("lines"));
    }

    @Test
    void refusesAnOrderThatDoesNotAddUp() {
        Marketplace.OrderBuilder order = marketplace.order(marketplace.buyer(), marketplace.seller());
        Map<String, Object> body = order.body();
        body.put("paid", order.total() + 1);
        JsonNode problem = marketplace.integration().put("/api/v1/orders/ORD-X-" + System.nanoTime(), body).expect(422)
                .json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("paid");

        body.put("paid", 10);
        body.put("currency", "EURO");
        JsonNode badCurrency = marketplace.integration().put("/api/v1/orders/ORD-Y-" + System.nanoTime(), body)
                .expect(400).json();
        assertThat(field(badCurrency.get("errors"), "field")).containsExactly("currency");

        body.put("currency", "EUR");
        body.put("paid", 99.5);
        JsonNode fractional = marketplace.integration().put("/api/v1/orders/ORD-F-" + System.nanoTime(), body)
                .expect(400).json();
        assertThat(field(fractional.get("errors"), "field")).containsExactly("paid");

        body.put("paid", 10);
        body.put("lines", List.of(Map.of("title", "x", "quantity", 0, "unitPrice", -1)));
        JsonNode badLines = marketplace.integration().put("/api/v1/orders/ORD-Z-" + System.nanoTime(), body)
                .expect(400).json();
        assertThat(field(badLines.get("errors"), "field")).contains("lines[0].quantity", "lines[0].unitPrice");
    }

    @Test
    void refusesTimesOutsideTheYearsAnOrderCanHaveAndWritesNothing() {
        Person buyer = marketplace.buyer();
        Marketplace.OrderBuilder order = marketplace.order(buyer, marketplace.seller());
        String id = "ORD-T-" + System.nanoTime();
        Map<String, String> tooFar = Map.of(
                "placedAt", "+1000000000-12-31T23:59:59Z",
                "promisedDeliveryBy", "+10000-01-01T00:00:00Z",
                "shipment.deliveredAt", marketplace.now().plus(Duration.ofDays(367)).toString(),
                "shipment.events[0].at", "1969-12-31T23:59:59Z");
        for (Map.Entry<String, String> time : tooFar.entrySet()) {
            Map<String, Object> body = order.body();
            @SuppressWarnings("unchecked")
            Map<String, Object> shipment = (Map<String, Object>) body.get("shipment");
            switch (time.getKey()) {
                case "shipment.deliveredAt" -> shipment.put("deliveredAt", time.getValue());
                case "shipment.events[0].at" -> shipment.put("events",
                        List.of(Map.of("status", "IN_TRANSIT", "at", time.getValue())));
                default -> body.put(time.getKey(), time.getValue());
            }
            JsonNode problem = marketplace.integration().put("/api/v1/orders/" + id, body).expect(422).json();
            assertThat(field(problem.get("errors"), "field")).as(time.getKey()).containsExactly(time.getKey());
        }
        buyer.api().get("/api/v1/orders/" + id).expect(404);

        String imported = order.imported();
        JsonNode problem = marketplace.integration().post("/api/v1/orders/" + imported + "/tracking-events",
                Map.of("status", "DELIVERED", "at", "+294277-01-01T00:00:00Z")).expect(422).json();
        assertThat(field(problem.get("errors"), "field")).containsExactly("at");
        assertThat(field(buyer.api().get("/api/v1/orders/" + imported).expect(200).json().get("shipment").get("events"),
                "status")).doesNotContain("DELIVERED");
    }

    @Test
    void buyersAndSellersListOnlyTheirOwnOrders() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String mine = marketplace.deliveredOrder(buyer, seller);
        String other = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());
        assertThat(field(buyer.api().get("/api/v1/orders").expect(200).json().get("items"), "id")).containsExactly(mine);
        assertThat(field(seller.api().get("/api/v1/orders").expect(200).json().get("items"), "id")).containsExactly(mine);
        buyer.api().get("/api/v1/orders/" + other).expect(404);
        seller.api().get("/api/v1/orders/" + other).expect(404);
    }

    @Test
    void confirmingReceiptReleasesThePaymentOnce() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String id = marketplace.deliveredOrder(buyer, seller);
        seller.api().post("/api/v1/orders/" + id + "/confirm-receipt", null).expect(403);
        JsonNode released = buyer.api().post("/api/v1/orders/" + id + "/confirm-receipt", null).expect(200).json();
        assertThat(released.get("escrow").get("status").asString()).isEqualTo("RELEASED");
        assertThat(released.get("escrow").get("released").asLong()).isEqualTo(5000);
        buyer.api().post("/api/v1/orders/" + id + "/confirm-receipt", null).expect(409);
        buyer.api().post("/api/v1/disputes", Marketplace.claim(id, "WRONG_ITEM", Marketplace.resolution("RESHIPMENT")))
                .expect(409);
    }

    @Test
    void buyerAndSellerTalkOnTheOrderBeforeAnyDispute() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String id = marketplace.deliveredOrder(buyer, seller);
        buyer.api().post("/api/v1/orders/" + id + "/messages", Map.of("text", "Wrong colour?")).expect(201);
        seller.api().post("/api/v1/orders/" + id + "/messages", Map.of("text", "Send a photo please")).expect(201);
        JsonNode thread = buyer.api().get("/api/v1/orders/" + id + "/messages").expect(200).json();
        assertThat(field(thread, "text")).containsExactly("Wrong colour?", "Send a photo please");
        assertThat(field(thread, "senderRole")).containsExactly("BUYER", "SELLER");
        marketplace.buyer().api().post("/api/v1/orders/" + id + "/messages", Map.of("text", "hi")).expect(404);
        buyer.api().post("/api/v1/orders/" + id + "/messages", Map.of("text", "")).expect(400);
    }
}
