package io.arbiter.dispute;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.Api.Response;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Race;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PostgresTest;
import tools.jackson.databind.JsonNode;

/**
 * Money moves once per decision, even when two requests race or a request is retried while it still runs.
 * Every scenario releases its requests together from real threads and is repeated on fresh disputes, on
 * PostgreSQL (row locks and read committed, as in production).
 */
@PostgresTest
class DisputeConcurrencyPostgresTests extends ApiTest {

    private static final int ROUNDS = 20;
    private static final int RETRIES = 8;
    private static final long HELD = 5000;
    private static final long REFUND = 2000;
    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void buyerWithdrawingWhileSellerAcceptsEndsWithExactlyOneWinnerAndMovesTheMoneyOnce() throws Exception {
        int withdrawals = 0;
        int acceptances = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Case dispute = marketplace.disputeAwaitingSeller(partialRefund(REFUND));
            String path = "/api/v1/disputes/" + dispute.id();

            List<Response> responses = Race.run(List.of(
                    () -> dispute.buyer().api().post(path + "/withdraw", Map.of("reason", "sorted it out")),
                    () -> dispute.seller().api().post(path + "/accept", null)));
            Response withdraw = responses.get(0);
            Response accept = responses.get(1);

            assertThat(List.of(withdraw.status(), accept.status())).as("round %d: %s", round, responses)
                    .containsExactlyInAnyOrder(200, 409);
            Response loser = withdraw.status() == 409 ? withdraw : accept;
            assertThat(loser.contentType()).as("round %d", round).startsWith(PROBLEM_JSON);
            assertThat(loser.json().get("status").asInt()).isEqualTo(409);

            boolean buyerWon = withdraw.status() == 200;
            JsonNode after = dispute.buyer().api().get(path).expect(200).json();
            JsonNode escrow = escrowOf(dispute);
            assertThat(escrow.get("refunded").asLong() + escrow.get("released").asLong()).as("round %d", round)
                    .isEqualTo(HELD);
            assertThat(escrow.get("held").asLong()).isZero();
            assertThat(escrow.get("frozen").asBoolean()).isFalse();
            if (buyerWon) {
                withdrawals++;
                assertThat(after.get("status").asString()).isEqualTo("WITHDRAWN");
                assertThat(escrow.get("status").asString()).isEqualTo("RELEASED");
                assertThat(escrow.get("refunded").asLong()).isZero();
                assertThat(escrow.get("released").asLong()).isEqualTo(HELD);
                assertThat(types(after)).doesNotContain("OFFER_ACCEPTED").containsOnlyOnce("DISPUTE_WITHDRAWN");
            } else {
                acceptances++;
                assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
                assertThat(escrow.get("status").asString()).isEqualTo("PARTLY_REFUNDED");
                assertThat(escrow.get("refunded").asLong()).isEqualTo(REFUND);
                assertThat(escrow.get("released").asLong()).isEqualTo(HELD - REFUND);
                assertThat(types(after)).doesNotContain("DISPUTE_WITHDRAWN").containsOnlyOnce("OFFER_ACCEPTED");
            }
            assertThat(count(types(after), "DISPUTE_CLOSED")).as("round %d: %s", round, types(after)).isEqualTo(1);
        }
        assertThat(withdrawals + acceptances).isEqualTo(ROUNDS);
    }

    @Test
    void twoClaimsOnTheSameOrderAtOnceOpenExactlyOneDispute() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Person buyer = marketplace.buyer();
            Person seller = marketplace.seller();
            String orderId = marketplace.deliveredOrder(buyer, seller);
            var body = claim(orderId, "QUALITY_ISSUE", partialRefund(REFUND));

            List<Response> responses = Race.run(List.of(
                    () -> buyer.api().post("/api/v1/disputes", body),
                    () -> buyer.api().post("/api/v1/disputes", body)));

            assertThat(responses.stream().map(Response::status).toList()).as("round %d: %s", round, responses)
                    .containsExactlyInAnyOrder(201, 409);
            Response opened = responses.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
            Response refused = responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);

            JsonNode listed = buyer.api().get("/api/v1/disputes?orderId=" + orderId).expect(200).json();
            assertThat(listed.get("totalItems").asLong()).as("round %d: %s", round, listed).isEqualTo(1);
            assertThat(listed.get("items")).hasSize(1);
            String openedId = opened.json().get("id").asString();
            assertThat(listed.get("items").get(0).get("id").asString()).isEqualTo(openedId);
            JsonNode escrow = buyer.api().get("/api/v1/orders/" + orderId).expect(200).json().get("escrow");
            assertThat(escrow.get("openDisputeId").asString()).isEqualTo(openedId);
            assertThat(escrow.get("held").asLong()).isEqualTo(HELD);
        }
    }

    @Test
    void theSameAcceptRetriedConcurrentlyWithOneIdempotencyKeyRunsOnceAndEveryRetryGetsItsAnswer() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Case dispute = marketplace.disputeAwaitingSeller(partialRefund(REFUND));
            String path = "/api/v1/disputes/" + dispute.id() + "/accept";
            Api seller = dispute.seller().api().with("Idempotency-Key", "accept-" + UUID.randomUUID());

            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                calls.add(() -> seller.post(path, "{}"));
            }
            List<Response> responses = Race.run(calls);

            List<Response> executed = responses.stream()
                    .filter(r -> r.status() == 200 && r.header("Idempotent-Replayed") == null).toList();
            assertThat(executed).as("round %d: %s", round, responses).hasSize(1);
            Response first = executed.get(0);
            // The retries wait for the first request's commit and replay its answer.
            for (Response response : responses) {
                assertThat(response.status()).as("round %d: %s", round, response).isEqualTo(200);
                if (response != first) {
                    assertThat(response.header("Idempotent-Replayed")).isEqualTo("true");
                    assertThat(response.text()).isEqualTo(first.text());
                    assertThat(response.header("ETag")).isEqualTo(first.header("ETag"));
                }
            }

            Response retried = seller.post(path, "{}").expect(200);
            assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(retried.text()).isEqualTo(first.text());
            assertMovedOnceByAcceptance(dispute, round);
        }
    }

    @Test
    void theSameAcceptSentConcurrentlyWithoutAKeySucceedsOnceAndConflictsOtherwise() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Case dispute = marketplace.disputeAwaitingSeller(partialRefund(REFUND));
            String path = "/api/v1/disputes/" + dispute.id() + "/accept";

            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                calls.add(() -> dispute.seller().api().post(path, null));
            }
            List<Response> responses = Race.run(calls);

            assertThat(responses.stream().filter(r -> r.status() == 200)).as("round %d: %s", round, responses)
                    .hasSize(1);
            assertThat(responses.stream().filter(r -> r.status() == 409)).as("round %d: %s", round, responses)
                    .hasSize(RETRIES - 1)
                    .allSatisfy(r -> assertThat(r.contentType()).startsWith(PROBLEM_JSON));
            assertMovedOnceByAcceptance(dispute, round);
        }
    }

    @Test
    void retriesOfAnExpiredKeyRacingEachOtherRunOnceAndNeverReplayTheExpiredResponse() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Case dispute = marketplace.disputeAwaitingSeller(partialRefund(REFUND));
            String path = "/api/v1/disputes/" + dispute.id() + "/messages";
            Api buyer = dispute.buyer().api().with("Idempotency-Key", "message-" + UUID.randomUUID());
            Map<String, Object> message = Map.of("text", "Any news?");
            Response expired = buyer.post(path, message).expect(200);
            clock.advance(java.time.Duration.ofHours(25));

            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                calls.add(() -> buyer.post(path, message));
            }
            List<Response> responses = Race.run(calls);

            List<Response> executed = responses.stream()
                    .filter(r -> r.status() == 200 && r.header("Idempotent-Replayed") == null).toList();
            assertThat(executed).as("round %d: %s", round, responses).hasSize(1);
            assertThat(responses).as("round %d: the day-old response is forgotten", round)
                    .noneMatch(r -> r.text().equals(expired.text()));
            for (Response response : responses) {
                assertThat(response.status()).as("round %d: %s", round, response).isEqualTo(200);
                assertThat(response.text()).isEqualTo(executed.get(0).text());
            }
            JsonNode after = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
            assertThat(count(types(after), "MESSAGE_POSTED")).as("round %d", round).isEqualTo(2);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void assertMovedOnceByAcceptance(Case dispute, int round) {
        JsonNode after = dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        List<String> types = types(after);
        assertThat(count(types, "OFFER_ACCEPTED")).as("round %d: %s", round, types).isEqualTo(1);
        assertThat(count(types, "DISPUTE_CLOSED")).as("round %d: %s", round, types).isEqualTo(1);
        JsonNode escrow = escrowOf(dispute);
        assertThat(escrow.get("status").asString()).isEqualTo("PARTLY_REFUNDED");
        assertThat(escrow.get("refunded").asLong()).isEqualTo(REFUND);
        assertThat(escrow.get("released").asLong()).isEqualTo(HELD - REFUND);
        assertThat(escrow.get("held").asLong()).isZero();
    }

    private JsonNode escrowOf(Case dispute) {
        return dispute.buyer().api().get("/api/v1/orders/" + dispute.orderId()).expect(200).json().get("escrow");
    }

    private static List<String> types(JsonNode dispute) {
        List<String> values = new ArrayList<>();
        dispute.get("timeline").forEach(node -> values.add(node.get("type").asString()));
        return values;
    }

    private static long count(List<String> values, String wanted) {
        return values.stream().filter(wanted::equals).count();
    }
}
