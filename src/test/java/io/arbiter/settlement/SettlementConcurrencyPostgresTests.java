package io.arbiter.settlement;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.Api.Response;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Race;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PostgresTest;
import tools.jackson.databind.JsonNode;

/**
 * Money moves once per decision even when the payment side's confirmations, failures and the buyer's clicks race.
 * The payment side here never confirms at once (instructions wait PENDING), so every confirmation comes through the
 * API. Requests are released together from real threads, repeated on fresh orders, on PostgreSQL (row locks and
 * read committed, as in production).
 */
@PostgresTest
@Import(SubmittingPaymentSide.class)
@TestPropertySource(properties = {
        "arbiter.settlement.provider=none-in-test",
        "arbiter.settlement.resender-enabled=false"
})
class SettlementConcurrencyPostgresTests extends ApiTest {

    private static final int ROUNDS = 20;
    private static final int RACERS = 8;
    private static final long PAID = 5000;
    private static final long REFUND = 1200;
    private static final String PROBLEM_JSON = "application/problem+json";

    @Autowired
    private JdbcClient jdbc;

    private Person admin;

    @BeforeEach
    void admin() {
        admin = marketplace.admin();
    }

    @AfterEach
    void reconcile() {
        JsonNode reconciliation = admin.api().get("/api/v1/reconciliation").expect(200).json();
        assertThat(reconciliation.get("mismatches")).as("%s", reconciliation).isEmpty();
        assertThat(reconciliation.get("unbalancedJournals")).as("%s", reconciliation).isEmpty();
        assertThat(reconciliation.get("consistent").asBoolean()).as("%s", reconciliation).isTrue();
    }

    @Test
    void identicalConfirmationsOfOneInstructionAtOnceBookItExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String orderId = orderWithReceiptConfirmed();
            JsonNode release = single(payouts(orderId));
            assertThat(release.get("status").asString()).isEqualTo("PENDING");
            String path = "/api/v1/payouts/" + release.get("id").asString() + "/confirm";

            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                calls.add(() -> marketplace.integration().post(path, null));
            }
            List<Response> responses = Race.run(calls);

            assertThat(responses).as("round %d: %s", round, responses)
                    .allSatisfy(r -> assertThat(r.status()).isIn(200, 409))
                    .anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(responses.stream().filter(r -> r.status() == 409))
                    .allSatisfy(r -> assertThat(r.contentType()).startsWith(PROBLEM_JSON));
            assertThat(responses.stream().filter(r -> r.status() == 200))
                    .allSatisfy(r -> assertThat(r.json().get("status").asString()).isEqualTo("CONFIRMED"));
            assertThat(journalsFor(release)).as("round %d: journals booking %s", round, release).isEqualTo(1);
            JsonNode money = money(orderId);
            assertThat(money.get("released").asLong()).as("round %d: %s", round, money).isEqualTo(PAID);
            assertThat(money.get("held").asLong()).isZero();
            assertThat(single(money.get("payouts")).get("status").asString()).isEqualTo("CONFIRMED");

            marketplace.integration().post(path, null).expect(200);
            assertThat(journalsFor(release)).as("round %d: confirmed once more, later", round).isEqualTo(1);
        }
    }

    @Test
    void aConfirmationRacingAFailureEndsAsExactlyOneOfThemAndIsBookedOnlyIfConfirmed() throws Exception {
        int confirmed = 0;
        int failed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Even rounds: a release after the buyer confirmed receipt; odd rounds: the refund and the release of a
            // partial refund, both raced at once.
            String orderId = round % 2 == 0 ? orderWithReceiptConfirmed() : orderWithPartialRefundAccepted();
            List<JsonNode> instructions = list(payouts(orderId));
            assertThat(instructions).isNotEmpty().allSatisfy(i -> assertThat(i.get("status").asString())
                    .isEqualTo("PENDING"));

            List<Callable<Response>> calls = new ArrayList<>();
            for (JsonNode instruction : instructions) {
                String path = "/api/v1/payouts/" + instruction.get("id").asString();
                calls.add(() -> marketplace.integration().post(path + "/confirm", null));
                calls.add(() -> marketplace.integration().post(path + "/fail", Map.of("reason", "account closed")));
            }
            List<Response> responses = Race.run(calls);

            long expectedReleased = 0;
            long expectedRefunded = 0;
            for (int i = 0; i < instructions.size(); i++) {
                JsonNode before = instructions.get(i);
                Response confirm = responses.get(2 * i);
                Response fail = responses.get(2 * i + 1);
                String what = "round " + round + ": " + before.get("kind").asString() + " confirm " + confirm
                        + " / fail " + fail;
                assertThat(List.of(confirm.status(), fail.status())).as(what)
                        .allSatisfy(status -> assertThat(status).isIn(200, 409))
                        .contains(200);
                JsonNode after = payout(orderId, before.get("id").asString());
                String status = after.get("status").asString();
                if (confirm.status() == 200) {
                    // Confirmed (possibly after a failure that came first): money moved, and a later failure is refused.
                    assertThat(status).as(what).isEqualTo("CONFIRMED");
                } else {
                    assertThat(status).as(what).isEqualTo("FAILED");
                    assertThat(fail.status()).as(what).isEqualTo(200);
                }
                assertThat(journalsFor(before)).as("%s: booked iff confirmed", what)
                        .isEqualTo(status.equals("CONFIRMED") ? 1 : 0);
                if (status.equals("CONFIRMED")) {
                    confirmed++;
                    if (before.get("kind").asString().equals("REFUND")) {
                        expectedRefunded += before.get("amount").asLong();
                    } else {
                        expectedReleased += before.get("amount").asLong();
                    }
                } else {
                    failed++;
                }
            }
            JsonNode money = money(orderId);
            assertThat(money.get("refunded").asLong()).as("round %d: %s", round, money).isEqualTo(expectedRefunded);
            assertThat(money.get("released").asLong()).as("round %d: %s", round, money).isEqualTo(expectedReleased);
            assertThat(money.get("held").asLong()).as("round %d: %s", round, money)
                    .isEqualTo(PAID - expectedRefunded - expectedReleased);
        }
        assertThat(confirmed + failed).as("every raced instruction ended confirmed or failed")
                .isEqualTo(ROUNDS / 2 + ROUNDS / 2 * 2);
    }

    @Test
    void theBuyerConfirmingReceiptManyTimesAtOnceReleasesThePaymentOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Person buyer = marketplace.buyer();
            Person seller = marketplace.seller();
            String orderId = marketplace.deliveredOrder(buyer, seller);
            String path = "/api/v1/orders/" + orderId + "/confirm-receipt";

            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                calls.add(() -> buyer.api().post(path, null));
            }
            List<Response> responses = Race.run(calls);

            assertThat(responses.stream().filter(r -> r.status() == 200)).as("round %d: %s", round, responses)
                    .hasSize(1);
            assertThat(responses.stream().filter(r -> r.status() != 200)).as("round %d: %s", round, responses)
                    .hasSize(RACERS - 1)
                    .allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(409);
                        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
                    });
            JsonNode release = single(payouts(orderId));
            assertThat(release.get("kind").asString()).isEqualTo("RELEASE");
            assertThat(release.get("amount").asLong()).isEqualTo(PAID);
            assertThat(release.get("status").asString()).isEqualTo("PENDING");
            JsonNode escrow = buyer.api().get("/api/v1/orders/" + orderId).expect(200).json().get("escrow");
            assertThat(escrow.get("status").asString()).isEqualTo("RELEASED");
            assertThat(escrow.get("released").asLong()).isEqualTo(PAID);
            assertThat(escrow.get("held").asLong()).isZero();

            marketplace.integration().post("/api/v1/payouts/" + release.get("id").asString() + "/confirm", null)
                    .expect(200);
            assertThat(money(orderId).get("released").asLong()).isEqualTo(PAID);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A delivered order whose buyer confirmed receipt: one release instruction, PENDING. */
    private String orderWithReceiptConfirmed() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        buyer.api().post("/api/v1/orders/" + orderId + "/confirm-receipt", null).expect(200);
        return orderId;
    }

    /** A dispute the seller settled by accepting a partial refund: a refund and a release instruction, PENDING. */
    private String orderWithPartialRefundAccepted() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(REFUND));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        return dispute.orderId();
    }

    private JsonNode money(String orderId) {
        return admin.api().get("/api/v1/orders/" + orderId + "/money").expect(200).json();
    }

    private JsonNode payouts(String orderId) {
        return money(orderId).get("payouts");
    }

    private JsonNode payout(String orderId, String id) {
        return list(payouts(orderId)).stream().filter(p -> p.get("id").asString().equals(id)).findFirst()
                .orElseThrow();
    }

    private int journalsFor(JsonNode instruction) {
        return jdbc.sql("select count(*) from ledger_journal where source_key = :source")
                .param("source", "instruction:" + instruction.get("id").asString()).query(Integer.class).single();
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array).as("%s", array).hasSize(1);
        return array.get(0);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return Collections.unmodifiableList(values);
    }

}
