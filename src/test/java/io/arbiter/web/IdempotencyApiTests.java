package io.arbiter.web;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;


import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

import io.arbiter.support.Api;
import io.arbiter.support.Api.Response;
import io.arbiter.support.BearerTokenApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * {@code Idempotency-Key} on POST, one request after the other: the first response to a key is replayed
 * for a retry, another body under the same key is refused, keys belong to their caller and expire after a
 * day. Also the {@code If-Match} guard against acting on a stale copy of a dispute.
 */
class IdempotencyApiTests extends BearerTokenApiTest {

    static final String KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String PROBLEM_JSON = "application/problem+json";

    @Autowired
    private UserDirectory users;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private DataSource dataSource;

    @Test
    void openingADisputeTwiceWithTheSameKeyReplaysTheFirstResponseAndOpensOnlyOneDispute() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Api withKey = buyer.api().with(KEY, newKey());
        Map<String, Object> body = claim(orderId, "QUALITY_ISSUE", partialRefund(2000));

        Response first = withKey.post("/api/v1/disputes", body).expect(201);
        Response retry = withKey.post("/api/v1/disputes", body).expect(201);

        assertThat(first.header(REPLAYED)).isNull();
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.contentType()).isEqualTo(first.contentType());
        assertThat(first.header("ETag")).isNotNull();
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(first.header("Location")).isEqualTo("/api/v1/disputes/" + first.json().get("id").asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());

        JsonNode listed = buyer.api().get("/api/v1/disputes?orderId=" + orderId).expect(200).json();
        assertThat(listed.get("totalItems").asLong()).isEqualTo(1);
        assertThat(listed.get("items").get(0).get("id").asString()).isEqualTo(first.json().get("id").asString());
    }

    @Test
    void retryingAWithdrawalWithItsKeyReplaysTheSuccessInsteadOfRunningItAgain() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String path = "/api/v1/disputes/" + dispute.id() + "/withdraw";
        Api buyer = dispute.buyer().api().with(KEY, newKey());

        Response first = buyer.post(path, Map.of("reason", "the seller called me")).expect(200);
        Response retry = buyer.post(path, Map.of("reason", "the seller called me")).expect(200);

        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        JsonNode after = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        assertThat(after.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(types(after)).containsOnlyOnce("DISPUTE_WITHDRAWN", "DISPUTE_CLOSED");
        JsonNode escrow = dispute.buyer().api().get("/api/v1/orders/" + dispute.orderId()).expect(200).json()
                .get("escrow");
        assertThat(escrow.get("released").asLong()).isEqualTo(5000);
        assertThat(escrow.get("refunded").asLong()).isZero();
        // Without the key the same request is a fresh one, and the dispute is closed by now.
        dispute.buyer().api().post(path, Map.of("reason", "the seller called me")).expect(409);
    }

    @Test
    void reusingAKeyForADifferentRequestIsRefusedWith422NamingTheKeyAndRunsNothing() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String firstOrder = marketplace.deliveredOrder(buyer, seller);
        String secondOrder = marketplace.deliveredOrder(buyer, seller);
        Api withKey = buyer.api().with(KEY, newKey());
        String disputeId = withKey.post("/api/v1/disputes", claim(firstOrder, "QUALITY_ISSUE", partialRefund(2000)))
                .expect(201).json().get("id").asString();

        Response otherBody = withKey.post("/api/v1/disputes", claim(secondOrder, "QUALITY_ISSUE", partialRefund(2000)))
                .expect(422);
        Response otherPath = withKey.post("/api/v1/disputes/" + disputeId + "/withdraw", Map.of("reason", "done"))
                .expect(422);

        for (Response refused : List.of(otherBody, otherPath)) {
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
            assertThat(refused.header(REPLAYED)).isNull();
            assertThat(refused.json().get("status").asInt()).isEqualTo(422);
            assertThat(refused.json().get("detail").asString()).contains(KEY);
        }
        assertThat(buyer.api().get("/api/v1/disputes?orderId=" + secondOrder).expect(200).json()
                .get("totalItems").asLong()).isZero();
        assertThat(buyer.api().get("/api/v1/disputes/" + disputeId).expect(200).json().get("status").asString())
                .isEqualTo("AWAITING_SELLER");
    }

    @Test
    void differentCallersMayUseTheSameKeyWithoutSeeingEachOthersResponses() {
        String shared = newKey();
        Person firstBuyer = marketplace.buyer();
        Person secondBuyer = marketplace.buyer();
        String firstOrder = marketplace.deliveredOrder(firstBuyer, marketplace.seller());
        String secondOrder = marketplace.deliveredOrder(secondBuyer, marketplace.seller());

        Response first = firstBuyer.api().with(KEY, shared)
                .post("/api/v1/disputes", claim(firstOrder, "QUALITY_ISSUE", partialRefund(2000))).expect(201);
        Response second = secondBuyer.api().with(KEY, shared)
                .post("/api/v1/disputes", claim(secondOrder, "QUALITY_ISSUE", partialRefund(2000))).expect(201);

        assertThat(second.header(REPLAYED)).isNull();
        assertThat(second.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
        assertThat(second.json().get("orderId").asString()).isEqualTo(secondOrder);
        // And the first caller's retry still gets its own response.
        Response retry = firstBuyer.api().with(KEY, shared)
                .post("/api/v1/disputes", claim(firstOrder, "QUALITY_ISSUE", partialRefund(2000))).expect(201);
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.text()).isEqualTo(first.text());
    }

    /**
     * A marketplace buyer logs in with a bearer token carrying the marketplace's user id; staff log in with a
     * password and a login name. When one's login name is the other's user id, they are still two callers.
     */
    @Test
    void aBearerCallerDoesNotShareKeysWithAPasswordUserWhoseLoginNameIsItsUserId() {
        String name = "jane-" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser("staff-" + name, name, Marketplace.PASSWORD, Role.AGENT, "Jane (agent)", name + "@staff.example");
        Api agentJane = marketplace.anonymous().withBasic(name, Marketplace.PASSWORD);
        Person buyerJane = new Person(name, null, Role.BUYER, marketplace.anonymous()
                .withBearer(token(claims(name, "BUYER").claim("name", "Buyer " + name).build())));
        assertThat(buyerJane.api().get("/api/v1/me").expect(200).json().get("id").asString()).isEqualTo(name);
        assertThat(agentJane.get("/api/v1/me").expect(200).json().get("id").asString()).isEqualTo("staff-" + name);
        String orderId = marketplace.deliveredOrder(buyerJane, marketplace.seller());
        Map<String, Object> body = claim(orderId, "QUALITY_ISSUE", partialRefund(2000));
        String shared = newKey();

        agentJane.with(KEY, shared).post("/api/v1/disputes", body).expect(403);
        Response opened = buyerJane.api().with(KEY, shared).post("/api/v1/disputes", body);

        assertThat(opened.header(REPLAYED)).as("the agent's stored answer must not be replayed to the buyer: %s", opened)
                .isNull();
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(buyerJane.api().get("/api/v1/disputes?orderId=" + orderId).expect(200).json()
                .get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void aKeyIsReplayedForADayAndExecutesAfreshAfterIt() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String path = "/api/v1/disputes/" + dispute.id() + "/messages";
        Api buyer = dispute.buyer().api().with(KEY, newKey());
        Map<String, Object> message = Map.of("text", "Any news?");

        Response first = buyer.post(path, message).expect(200);
        clock.advance(Duration.ofHours(24).minusMinutes(1));
        Response withinADay = buyer.post(path, message).expect(200);
        assertThat(withinADay.header(REPLAYED)).isEqualTo("true");
        assertThat(withinADay.text()).isEqualTo(first.text());
        assertThat(count(timeline(dispute), "MESSAGE_POSTED")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        Response afterADay = buyer.post(path, message).expect(200);

        assertThat(afterADay.header(REPLAYED)).isNull();
        assertThat(afterADay.text()).isNotEqualTo(first.text());
        assertThat(count(timeline(dispute), "MESSAGE_POSTED")).isEqualTo(2);
        Response retryOfTheFreshOne = buyer.post(path, message).expect(200);
        assertThat(retryOfTheFreshOne.header(REPLAYED)).isEqualTo("true");
        assertThat(retryOfTheFreshOne.text()).isEqualTo(afterADay.text());
        assertThat(count(timeline(dispute), "MESSAGE_POSTED")).isEqualTo(2);
    }

    @Test
    void aValidationErrorIsStoredAndReplayedAsItWas() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Api withKey = buyer.api().with(KEY, newKey());
        Map<String, Object> invalid = new HashMap<>(claim(orderId, "QUALITY_ISSUE", partialRefund(2000)));
        invalid.remove("description");

        Response first = withKey.post("/api/v1/disputes", invalid).expect(400);
        Response retry = withKey.post("/api/v1/disputes", invalid).expect(400);

        assertThat(first.contentType()).startsWith(PROBLEM_JSON);
        assertThat(first.header(REPLAYED)).isNull();
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.contentType()).isEqualTo(first.contentType());
        assertThat(retry.text()).isEqualTo(first.text());
    }

    @Test
    void aStoredConflictIsReplayedEvenAfterTheRequestWouldSucceed() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String path = "/api/v1/disputes/" + dispute.id() + "/accept";
        Api buyer = dispute.buyer().api().with(KEY, newKey());

        Response tooEarly = buyer.post(path, "{}").expect(409);
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it")).expect(200);
        Response retry = buyer.post(path, "{}").expect(409);

        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.text()).isEqualTo(tooEarly.text());
        assertThat(dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .get("status").asString()).isEqualTo("AWAITING_BUYER");
        // A new key is a new request, and now it succeeds.
        dispute.buyer().api().with(KEY, newKey()).post(path, "{}").expect(200);
    }

    @Test
    void aKeyMustHaveBetweenOneAnd255Characters() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String orderId = marketplace.deliveredOrder(buyer, seller);
        Map<String, Object> body = claim(orderId, "QUALITY_ISSUE", partialRefund(2000));

        for (String key : List.of("k".repeat(256), "", "   ")) {
            Response refused = buyer.api().with(KEY, key).post("/api/v1/disputes", body).expect(400);
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
            assertThat(refused.json().get("detail").asString()).contains(KEY).contains("255");
        }
        assertThat(buyer.api().get("/api/v1/disputes?orderId=" + orderId).expect(200).json()
                .get("totalItems").asLong()).isZero();

        buyer.api().with(KEY, "k".repeat(255)).post("/api/v1/disputes", body).expect(201);
        String otherOrder = marketplace.deliveredOrder(buyer, seller);
        buyer.api().with(KEY, "1").post("/api/v1/disputes", claim(otherOrder, "QUALITY_ISSUE", partialRefund(2000)))
                .expect(201);
    }

    @Test
    void getRequestsIgnoreTheKey() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String path = "/api/v1/disputes/" + dispute.id();
        Api buyer = dispute.buyer().api().with(KEY, newKey());

        Response before = buyer.get(path).expect(200);
        dispute.seller().api().post(path + "/offers", Map.of("resolution", partialRefund(1000), "note", "Keep it"))
                .expect(200);
        Response after = buyer.get(path).expect(200);

        assertThat(before.header(REPLAYED)).isNull();
        assertThat(after.header(REPLAYED)).isNull();
        assertThat(before.json().get("status").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(after.json().get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        // Not even checked for length: the header means nothing on a GET.
        dispute.buyer().api().with(KEY, "k".repeat(300)).get(path).expect(200);
    }

    @Test
    void actingWithAStaleIfMatchIsRefusedWith409AndWithTheCurrentOneSucceeds() {
        Case dispute = marketplace.disputeAwaitingSeller(resolution("FULL_REFUND_WITH_RETURN"));
        String path = "/api/v1/disputes/" + dispute.id();
        String seen = dispute.buyer().api().get(path).expect(200).header("ETag");
        assertThat(seen).matches("\"\\d+\"");
        String changed = dispute.seller().api().post(path + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it")).expect(200).header("ETag");
        assertThat(version(changed)).isGreaterThan(version(seen));

        Response stale = dispute.buyer().api().with("If-Match", seen)
                .post(path + "/withdraw", Map.of("reason", "never mind")).expect(409);

        assertThat(stale.contentType()).startsWith(PROBLEM_JSON);
        assertThat(stale.json().get("status").asInt()).isEqualTo(409);
        assertThat(stale.json().get("detail").asString()).contains(String.valueOf(version(seen)))
                .contains(String.valueOf(version(changed)));
        Response current = dispute.buyer().api().get(path).expect(200);
        assertThat(current.header("ETag")).isEqualTo(changed);
        assertThat(current.json().get("status").asString()).isEqualTo("AWAITING_BUYER");

        Response withdrawn = dispute.buyer().api().with("If-Match", current.header("ETag"))
                .post(path + "/withdraw", Map.of("reason", "never mind")).expect(200);
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(version(withdrawn.header("ETag"))).isGreaterThan(version(changed));
    }

    /**
     * The crash between the change and its stored answer, made to happen: the statement that stores the answer
     * fails. The change must go with it, so that the retry makes it once and gets its answer.
     */
    @Test
    void aChangeWhoseAnswerCannotBeStoredIsUndoneAndItsRetryMakesItOnce() {
        KeyedOffer offer = keyedCounterOffer("unstorable-");
        String constraint = "answer_fails_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.execute("alter table idempotency_record add constraint " + constraint
                + " check (idempotency_key <> '" + offer.key() + "' or status is null)");
        Response failed;
        try {
            failed = offer.send().expect(500);
        } finally {
            jdbc.execute("alter table idempotency_record drop constraint " + constraint);
        }

        assertThat(failed.contentType()).startsWith(PROBLEM_JSON);
        assertThat(failed.header("ETag")).isNull();
        assertNothingKept(offer);

        Response retried = offer.send().expect(200);
        Response replayed = offer.send().expect(200);

        assertThat(retried.header(REPLAYED)).isNull();
        assertThat(replayed.header(REPLAYED)).isEqualTo("true");
        assertThat(replayed.text()).isEqualTo(retried.text());
        assertThat(retried.json().get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(count(timeline(offer.dispute()), "OFFER_MADE")).isEqualTo(1);
    }

    /** A retry does not wait for ever on a first request that holds the key: it gives up with a 409. */
    @Test
    void aRetryWaitsABoundedTimeForTheRequestHoldingItsKey() throws Exception {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        String key = newKey();
        Response stillHeld;
        long waited;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement claim = holder.prepareStatement("""
                    insert into idempotency_record (owner, idempotency_key, request_hash, created_at)
                    values (?, ?, 'held by a request that is still running', current_timestamp)""")) {
                claim.setString(1, "BUYER:" + buyer.id());
                claim.setString(2, key);
                claim.executeUpdate();
            }
            long start = System.nanoTime();
            stillHeld = buyer.api().with(KEY, key)
                    .post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", partialRefund(2000)));
            waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            holder.rollback();
        }

        assertThat(stillHeld.status()).as(stillHeld.toString()).isEqualTo(409);
        assertThat(stillHeld.json().get("detail").asString()).contains("still being processed");
        assertThat(waited).isLessThan(Duration.ofSeconds(15).toMillis());
        assertThat(buyer.api().get("/api/v1/disputes?orderId=" + orderId).expect(200).json()
                .get("totalItems").asLong()).isZero();
        // The holder gave the key up without an answer: the retry now runs.
        buyer.api().with(KEY, key).post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", partialRefund(2000)))
                .expect(201);
    }

    // ------------------------------------------------------------------ helpers

    /** A seller's counter-offer, sent with its own Idempotency-Key. */
    record KeyedOffer(Case dispute, String key) {

        Response send() {
            return dispute.seller().api().with(KEY, key).post("/api/v1/disputes/" + dispute.id() + "/offers",
                    Map.of("resolution", partialRefund(1000), "note", "Keep it"));
        }
    }

    KeyedOffer keyedCounterOffer(String keyPrefix) {
        return new KeyedOffer(marketplace.disputeAwaitingSeller(), keyPrefix + UUID.randomUUID());
    }

    /** Neither the offer nor an answer under its key was kept. */
    void assertNothingKept(KeyedOffer offer) {
        JsonNode untouched = offer.dispute().buyer().api().get("/api/v1/disputes/" + offer.dispute().id())
                .expect(200).json();
        assertThat(untouched.get("status").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(types(untouched)).doesNotContain("OFFER_MADE");
        assertThat(jdbc.queryForObject("select count(*) from idempotency_record where idempotency_key = ?",
                Integer.class, offer.key())).isZero();
    }

    static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static long version(String etag) {
        return Long.parseLong(etag.replace("\"", ""));
    }

    static List<String> timeline(Case dispute) {
        JsonNode view = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
        return types(view);
    }

    static List<String> types(JsonNode dispute) {
        List<String> values = new ArrayList<>();
        dispute.get("timeline").forEach(node -> values.add(node.get("type").asString()));
        return values;
    }

    static long count(List<String> values, String wanted) {
        return values.stream().filter(wanted::equals).count();
    }
}
