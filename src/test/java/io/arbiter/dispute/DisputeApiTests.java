package io.arbiter.dispute;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static io.arbiter.support.Json.field;
import static io.arbiter.support.Json.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** Dispute paths over HTTP as buyers, sellers, agents and the integration use them. */
class DisputeApiTests extends ApiTest {

    @Test
    void refusesControlCharactersAndLoneSurrogatesInTextWith400AndWritesNothing() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Map<String, Object> body = claim(orderId, "QUALITY_ISSUE", partialRefund(500));
        body.put("description", "Stitching\u0000torn");
        JsonNode nul = buyer.api().post("/api/v1/disputes", body).expect(400).json();
        assertThat(field(nul.get("errors"), "field")).containsExactly("description");
        assertThat(nul.get("errors").get(0).get("reason").asString()).contains("U+0000");
        // Raw JSON: a serializer would not write a lone surrogate as an escape.
        String loneSurrogate = "{\"orderId\":\"" + orderId + "\",\"reason\":\"QUALITY_ISSUE\",\"description\":"
                + "\"Torn \\ud83d\",\"piecesAffected\":1,\"resolution\":{\"type\":\"PARTIAL_REFUND\",\"amount\":500}}";
        JsonNode surrogate = buyer.api().post("/api/v1/disputes", loneSurrogate).expect(400).json();
        assertThat(field(surrogate.get("errors"), "field")).containsExactly("description");
        assertThat(buyer.api().get("/api/v1/disputes").expect(200).json().get("items")).isEmpty();

        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode message = dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages",
                Map.of("text", "Hello\u001bworld")).expect(400).json();
        assertThat(field(message.get("errors"), "field")).containsExactly("text");
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages",
                Map.of("text", "Line one\n\tline two, café 😀")).expect(200);
    }

    @Test
    void takesADisputeFromOpeningThroughArbitrationToAPartialRefund() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        Person agent = marketplace.agent();
        String orderId = marketplace.deliveredOrder(buyer, seller);
        buyer.api().post("/api/v1/orders/" + orderId + "/messages", Map.of("text", "The colour is off")).expect(201);

        JsonNode opened = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json();
        String id = opened.get("id").asString();
        assertThat(opened.get("status").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(opened.get("whoseMove").asString()).isEqualTo("SELLER");
        assertThat(opened.get("dueAt").asString()).isEqualTo(START.plus(Duration.ofDays(5)).toString());
        assertThat(texts(opened.get("allowedActions"))).contains("WITHDRAW", "SEND_MESSAGE")
                .doesNotContain("ACCEPT_OFFER");
        assertThat(opened.get("orderConversation").get(0).get("text").asString()).isEqualTo("The colour is off");

        JsonNode sellerView = seller.api().get("/api/v1/disputes/" + id).expect(200).json();
        assertThat(texts(sellerView.get("allowedActions")))
                .contains("ACCEPT_OFFER", "DECLINE_OFFER", "MAKE_OFFER", "CONTEST");

        marketplace.advance(Duration.ofHours(3));
        seller.api().post("/api/v1/disputes/" + id + "/offers",
                Map.of("resolution", partialRefund(1500), "note", "Keep it")).expect(200);
        marketplace.addDefectPhoto(new Case(id, orderId, buyer, seller), 1);
        JsonNode escalated = buyer.api().post("/api/v1/disputes/" + id + "/escalate", Map.of("reason", "too little"))
                .expect(200).json();
        assertThat(escalated.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(escalated.get("whoseMove").asString()).isEqualTo("AGENT");

        agent.api().post("/api/v1/disputes/" + id + "/take", null).expect(200);
        JsonNode asked = agent.api().post("/api/v1/disputes/" + id + "/information-requests",
                Map.of("from", "BUYER", "question", "Photo of the defect?")).expect(200).json();
        assertThat(asked.get("whoseMove").asString()).isEqualTo("BUYER");
        buyer.api().post("/api/v1/disputes/" + id + "/information-response", Map.of("text", "Attached")).expect(200);

        JsonNode decided = agent.api().post("/api/v1/disputes/" + id + "/decision",
                Map.of("resolution", partialRefund(2000), "reasons", "Visible defect, item usable")).expect(200).json();
        assertThat(decided.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(decided.get("outcome").get("refundToBuyer").asLong()).isEqualTo(2000);
        assertThat(decided.get("outcome").get("releaseToSeller").asLong()).isEqualTo(3000);

        JsonNode order = buyer.api().get("/api/v1/orders/" + orderId).expect(200).json();
        assertThat(order.get("escrow").get("status").asString()).isEqualTo("PARTLY_REFUNDED");
        assertThat(order.get("escrow").get("refunded").asLong()).isEqualTo(2000);
        assertThat(order.get("escrow").get("released").asLong()).isEqualTo(3000);

        JsonNode sellerSees = seller.api().get("/api/v1/disputes/" + id).expect(200).json();
        assertThat(types(sellerSees.get("timeline"))).containsExactly("DISPUTE_OPENED", "OFFER_DECLINED",
                "OFFER_MADE", "EVIDENCE_SUBMITTED", "DISPUTE_ESCALATED", "CASE_ASSIGNED", "INFORMATION_REQUESTED",
                "INFORMATION_PROVIDED", "DISPUTE_DECIDED", "DISPUTE_CLOSED");
        assertThat(sellerSees.get("allowedActions")).isEmpty();
    }

    private static List<String> types(JsonNode timeline) {
        return field(timeline, "type");
    }
}
