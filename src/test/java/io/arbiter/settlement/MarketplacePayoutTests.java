package io.arbiter.settlement;

import static io.arbiter.support.Json.field;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.outbound.Outbound;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Receiver;
import io.arbiter.support.StandardWebhooks;
import tools.jackson.databind.JsonNode;

/** Payouts through the marketplace's HTTP endpoint: signed, retried, confirmed through the API, booked once. */
class MarketplacePayoutTests extends ApiTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Receiver RECEIVER = Receiver.start();

    @Autowired
    Outbound outbound;
    @Autowired
    Payouts payouts;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void marketplace(DynamicPropertyRegistry registry) {
        registry.add("arbiter.settlement.provider", () -> "marketplace");
        registry.add("arbiter.settlement.payout-url", () -> RECEIVER.url() + "payouts");
        registry.add("arbiter.settlement.secret", () -> SECRET);
        registry.add("arbiter.settlement.max-resends", () -> 2);
        registry.add("arbiter.outbound.allowed-hosts", () -> "127.0.0.1,localhost");
    }

    @BeforeEach
    void receiverAnswersOk() {
        RECEIVER.answering(204);
    }

    @AfterEach
    void deliverWhatIsLeft() {
        outbound.deliverDue();
    }

    /** A decided partial refund: one refund and one release instruction, not yet sent. */
    private List<JsonNode> decidedPayouts() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(1500));
        JsonNode resolved = dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null)
                .expect(200).json();
        assertThat(resolved.get("settlement").get("state").asString()).isEqualTo("IN_PROGRESS");
        JsonNode money = dispute.buyer().api().get("/api/v1/orders/" + dispute.orderId() + "/money").expect(200).json();
        assertThat(money.get("held").asLong()).as("nothing moves before the marketplace confirms").isEqualTo(5000);
        List<JsonNode> list = new java.util.ArrayList<>();
        money.get("payouts").forEach(list::add);
        return list;
    }

    private List<Receiver.Request> requestsFor(String payoutId) {
        return RECEIVER.requests().stream().filter(r -> r.body().contains(payoutId)).toList();
    }

    @Test
    void sendsASignedInstructionWhoseIdempotencyKeyIsTheInstructionIdAndBooksItOnceConfirmed() {
        List<JsonNode> instructions = decidedPayouts();
        assertThat(field(instructionsAsArray(instructions), "status")).containsOnly("PENDING");
        outbound.deliverDue();

        JsonNode refund = instructions.stream().filter(p -> p.get("kind").asString().equals("REFUND")).findFirst()
                .orElseThrow();
        String id = refund.get("id").asString();
        Receiver.Request request = requestsFor(id).get(0);
        assertThat(request.header("Idempotency-Key")).isEqualTo(id);
        assertThat(request.header("webhook-id")).isEqualTo(id);
        assertThat(StandardWebhooks.verify(SECRET, request.header("webhook-id"), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
        assertThat(request.body()).contains("\"amount\":1500", "\"kind\":\"REFUND\"");
        assertThat(status(id)).isEqualTo("SENT");

        marketplace.integration().post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
        marketplace.integration().post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
        assertThat(status(id)).isEqualTo("CONFIRMED");
        assertThat(journalsOf(id)).isEqualTo(1);
        assertThat(marketplace.admin().api().get("/api/v1/reconciliation").expect(200).json().get("consistent")
                .asBoolean()).isTrue();
    }

    @Test
    void anUnreachableMarketplaceIsRetriedThenEscalatedAndAnAdminRetryDeliversIt() {
        RECEIVER.answering(503);
        String id = decidedPayouts().get(0).get("id").asString();
        outbound.deliverDue();
        assertThat(requestsFor(id)).hasSize(1);
        for (int i = 0; i < 20 && !status(id).equals("ESCALATED"); i++) {
            marketplace.advance(Duration.ofHours(6));
            outbound.deliverDue();
        }
        assertThat(status(id)).isEqualTo("ESCALATED");
        assertThat(outbound.attempts(java.util.UUID.fromString(id))).hasSizeGreaterThan(3);

        RECEIVER.answering(204);
        marketplace.admin().api().post("/api/v1/admin/payouts/" + id + "/retry", null).expect(200);
        outbound.deliverDue();
        assertThat(status(id)).isEqualTo("SENT");
        marketplace.integration().post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
        assertThat(journalsOf(id)).isEqualTo(1);
    }

    @Test
    void anUnconfirmedInstructionIsSentAgainWithTheSameKeyThenEscalated() {
        String id = decidedPayouts().get(0).get("id").asString();
        outbound.deliverDue();
        marketplace.advance(Duration.ofHours(1).plusMinutes(1));
        payouts.resendUnconfirmed();
        outbound.deliverDue();
        assertThat(requestsFor(id)).hasSize(2)
                .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).isEqualTo(id));

        marketplace.advance(Duration.ofHours(2).plusMinutes(1));
        payouts.resendUnconfirmed();
        outbound.deliverDue();
        marketplace.advance(Duration.ofHours(4).plusMinutes(1));
        payouts.resendUnconfirmed();
        assertThat(status(id)).isEqualTo("ESCALATED");
        assertThat(journalsOf(id)).isZero();
    }

    @Test
    void aFailedPayoutWaitsForAnAdminAndIsNeverDropped() {
        String id = decidedPayouts().get(0).get("id").asString();
        outbound.deliverDue();
        marketplace.integration().post("/api/v1/payouts/" + id + "/fail", Map.of("reason", "card closed")).expect(200);
        JsonNode failed = marketplace.admin().api().get("/api/v1/payouts?status=FAILED").expect(200).json();
        assertThat(field(failed, "id")).contains(id);
        assertThat(field(failed, "lastError")).contains("card closed");

        marketplace.admin().api().post("/api/v1/admin/payouts/" + id + "/retry", null).expect(200);
        outbound.deliverDue();
        marketplace.integration().post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
        assertThat(journalsOf(id)).isEqualTo(1);
    }

    private String status(String id) {
        return jdbc.sql("select status from payout_instruction where id = :id")
                .param("id", java.util.UUID.fromString(id)).query(String.class).single();
    }

    private long journalsOf(String id) {
        return jdbc.sql("select count(*) from ledger_journal where source_key = :key")
                .param("key", "instruction:" + id).query(Long.class).single();
    }

    private static JsonNode instructionsAsArray(List<JsonNode> nodes) {
        var array = io.arbiter.support.Api.JSON.createArrayNode();
        nodes.forEach(array::add);
        return array;
    }
}
