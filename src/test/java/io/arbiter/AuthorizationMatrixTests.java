package io.arbiter;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what: every endpoint against every kind of caller, as one table.
 *
 * <p>Each line of {@link #matrix()} is one endpoint in one state of the order or dispute it acts on, and gives
 * the status each caller gets. Callers: nobody (anonymous), the order's buyer and seller, a buyer and a seller
 * of another order, an agent, an admin, and the marketplace's integration (API key). The rules the table
 * encodes:
 * <ul>
 * <li>no credentials: 401;</li>
 * <li>another party's order or dispute does not exist for you: 404;</li>
 * <li>an agent sees a dispute only once it is escalated (404 before) and reads orders only through disputes
 * (403 on order endpoints);</li>
 * <li>something you can see but your role may never do to it: 403 (admin and integration read everything but
 * never act as a party);</li>
 * <li>something your role does, but not in this state: 409;</li>
 * <li>{@code /api/v1/admin/**} and {@code /actuator/prometheus} are for admins; importing orders, tracking
 * events and return deliveries are for the integration.</li>
 * </ul>
 * Every refusal is an RFC 9457 {@code application/problem+json} document whose {@code status} is the HTTP status.
 * Each row builds its own people, order and dispute, so rows never share state.
 */
// A database of its own: its lists of every order and dispute must show this class's rows on their first page.
@TestPropertySource(properties = "arbiter.test.context=authorization-matrix")
class AuthorizationMatrixTests extends ApiTest {

    /** 200, and the list shows the row's order (order list) or dispute (dispute list). */
    static final int LISTED = -1;
    /** 200, and the list does not show it. */
    static final int UNLISTED = -2;
    /** Not a row of this line (the line is about one caller only). */
    static final int __ = 0;

    static Stream<Arguments> matrix() {
        return Stream.of(
                //                                                    anon buyer seller foreign foreign agent admin integ-
                //                                                                      buyer   seller             ration
                // ---- who am I, reference data
                line(Endpoint.ME, State.ORDER,                         401, 200, 200,   200,    200,    200,  200,  200),
                line(Endpoint.REASONS, State.ORDER,                    401, 200, 200,   200,    200,    200,  200,  200),

                // ---- orders
                line(Endpoint.LIST_ORDERS, State.ORDER,                401, LISTED, LISTED, UNLISTED, UNLISTED, 403, LISTED, LISTED),
                line(Endpoint.GET_ORDER, State.ORDER,                  401, 200, 200,   404,    404,    403,  200,  200),
                line(Endpoint.GET_ORDER, State.IN_QUEUE,               401, 200, 200,   404,    404,    403,  200,  200),
                line(Endpoint.GET_ORDER, State.NOTHING,                401, 404, 404,   404,    404,    403,  404,  404),
                line(Endpoint.IMPORT_ORDER, State.ORDER,               401, 403, 403,   403,    403,    403,  403,  200),
                line(Endpoint.TRACKING_EVENT, State.ORDER,             401, 403, 403,   403,    403,    403,  403,  200),
                line(Endpoint.TRACKING_EVENT, State.NOTHING,           401, 403, 403,   403,    403,    403,  403,  404),
                line(Endpoint.CONFIRM_RECEIPT, State.ORDER,            401, 200, 403,   404,    404,    403,  403,  403),
                line(Endpoint.CONFIRM_RECEIPT, State.AWAITING_SELLER,  401, 409, 403,   404,    404,    403,  403,  403),
                line(Endpoint.CONFIRM_RECEIPT, State.IN_QUEUE,         __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.READ_ORDER_MESSAGES, State.ORDER,        401, 200, 200,   404,    404,    403,  200,  200),
                line(Endpoint.WRITE_ORDER_MESSAGE, State.ORDER,        401, 201, 201,   404,    404,    403,  403,  403),

                // ---- disputes: opening, reading
                line(Endpoint.OPEN_DISPUTE, State.ORDER,               401, 201, 403,   404,    403,    403,  403,  403),
                line(Endpoint.OPEN_DISPUTE, State.AWAITING_SELLER,     401, 409, 403,   404,    403,    403,  403,  403),
                line(Endpoint.LIST_DISPUTES, State.AWAITING_SELLER,    401, LISTED, LISTED, UNLISTED, UNLISTED, UNLISTED, LISTED, LISTED),
                line(Endpoint.LIST_DISPUTES, State.IN_QUEUE,           401, LISTED, LISTED, UNLISTED, UNLISTED, LISTED, LISTED, LISTED),
                line(Endpoint.GET_DISPUTE, State.AWAITING_SELLER,      401, 200, 200,   404,    404,    404,  200,  200),
                line(Endpoint.GET_DISPUTE, State.IN_QUEUE,             401, 200, 200,   404,    404,    200,  200,  200),
                line(Endpoint.GET_DISPUTE, State.WITH_OTHER_AGENT,     __,  __,  __,    __,     __,     200,  __,   __),
                line(Endpoint.GET_DISPUTE, State.NOTHING,              401, 404, 404,   404,    404,    404,  404,  404),

                // ---- disputes: negotiation
                line(Endpoint.ACCEPT, State.AWAITING_SELLER,           401, 409, 200,   404,    404,    404,  403,  403),
                line(Endpoint.ACCEPT, State.IN_QUEUE,                  401, 200, 409,   404,    404,    403,  403,  403),
                line(Endpoint.DECLINE, State.AWAITING_SELLER,          401, 409, 200,   404,    404,    404,  403,  403),
                line(Endpoint.DECLINE, State.IN_QUEUE,                 401, 200, 409,   404,    404,    403,  403,  403),
                line(Endpoint.MAKE_OFFER, State.AWAITING_SELLER,       401, 409, 200,   404,    404,    404,  403,  403),
                line(Endpoint.MAKE_OFFER, State.IN_QUEUE,              401, 200, 200,   404,    404,    403,  403,  403),
                line(Endpoint.CONTEST, State.AWAITING_SELLER,          401, 403, 200,   404,    404,    404,  403,  403),
                line(Endpoint.CONTEST, State.IN_QUEUE,                 401, 403, 200,   404,    404,    403,  403,  403),
                line(Endpoint.PRIVATE_LIMIT, State.AWAITING_SELLER,    401, 200, 200,   404,    404,    404,  403,  403),
                line(Endpoint.PRIVATE_LIMIT, State.RESOLVED,           401, 409, 409,   404,    404,    404,  403,  403),
                line(Endpoint.ESCALATE, State.AWAITING_SELLER,         401, 409, 409,   404,    404,    404,  403,  403),
                line(Endpoint.ESCALATE, State.AWAITING_BUYER,          401, 200, 200,   404,    404,    404,  403,  403),
                line(Endpoint.WITHDRAW, State.AWAITING_SELLER,         401, 200, 403,   404,    404,    404,  403,  403),
                line(Endpoint.WITHDRAW, State.RESOLVED,                401, 409, 403,   404,    404,    404,  403,  403),
                line(Endpoint.DISPUTE_MESSAGE, State.AWAITING_SELLER,  401, 200, 200,   404,    404,    404,  403,  403),
                line(Endpoint.DISPUTE_MESSAGE, State.IN_QUEUE,         401, 200, 200,   404,    404,    409,  403,  403),
                line(Endpoint.DISPUTE_MESSAGE, State.WITH_AGENT,       __,  __,  __,    __,     __,     200,  __,   __),
                line(Endpoint.DISPUTE_MESSAGE, State.WITH_OTHER_AGENT, __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.DISPUTE_MESSAGE, State.RESOLVED,         401, 409, 409,   404,    404,    404,  403,  403),

                // ---- evidence (files go through the same checks as links; files reach only parties and agents)
                line(Endpoint.ADD_LINK, State.AWAITING_SELLER,         401, 201, 201,   404,    404,    404,  403,  403),
                line(Endpoint.ADD_LINK, State.IN_QUEUE,                401, 201, 201,   404,    404,    403,  403,  403),
                line(Endpoint.ADD_LINK, State.RESOLVED,                401, 409, 409,   404,    404,    404,  403,  403),
                line(Endpoint.LIST_EVIDENCE, State.AWAITING_SELLER,    401, 200, 200,   404,    404,    404,  403,  403),
                line(Endpoint.LIST_EVIDENCE, State.IN_QUEUE,           401, 200, 200,   404,    404,    200,  403,  403),
                line(Endpoint.EVIDENCE_FILE, State.IN_QUEUE,           401, 200, 200,   404,    404,    200,  403,  403),
                line(Endpoint.WITHDRAW_EVIDENCE, State.AWAITING_SELLER, 401, 200, 403,  404,    404,    404,  403,  403),

                // ---- disputes: arbitration
                line(Endpoint.TAKE, State.AWAITING_SELLER,             401, 403, 403,   404,    404,    404,  403,  403),
                line(Endpoint.TAKE, State.IN_QUEUE,                    401, 403, 403,   404,    404,    200,  403,  403),
                line(Endpoint.TAKE, State.WITH_AGENT,                  __,  __,  __,    __,     __,     409,  __,   __),
                line(Endpoint.TAKE, State.WITH_OTHER_AGENT,            __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.REQUEST_INFORMATION, State.AWAITING_SELLER, __, __, __,   __,     __,     404,  __,   __),
                line(Endpoint.REQUEST_INFORMATION, State.IN_QUEUE,     401, 403, 403,   404,    404,    409,  403,  403),
                line(Endpoint.REQUEST_INFORMATION, State.WITH_AGENT,   401, 403, 403,   404,    404,    200,  403,  403),
                line(Endpoint.REQUEST_INFORMATION, State.WITH_OTHER_AGENT, __, __, __,  __,     __,     403,  __,   __),
                line(Endpoint.RESPOND_TO_REQUEST, State.WITH_AGENT,    401, 409, 409,   404,    404,    403,  403,  403),
                line(Endpoint.RESPOND_TO_REQUEST, State.BUYER_ASKED,   401, 200, 409,   404,    404,    403,  403,  403),
                line(Endpoint.SUGGEST, State.IN_QUEUE,                 __,  __,  __,    __,     __,     409,  __,   __),
                line(Endpoint.SUGGEST, State.WITH_AGENT,               401, 403, 403,   404,    404,    200,  403,  403),
                line(Endpoint.SUGGEST, State.WITH_OTHER_AGENT,         __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.ACCEPT_SUGGESTION, State.WITH_AGENT,     401, 409, 409,   404,    404,    403,  403,  403),
                line(Endpoint.ACCEPT_SUGGESTION, State.SUGGESTED,      401, 200, 200,   404,    404,    403,  403,  403),
                line(Endpoint.DECIDE, State.AWAITING_SELLER,           401, 403, 403,   404,    404,    404,  403,  403),
                line(Endpoint.DECIDE, State.IN_QUEUE,                  __,  __,  __,    __,     __,     409,  __,   __),
                line(Endpoint.DECIDE, State.WITH_AGENT,                401, 403, 403,   404,    404,    200,  403,  403),
                line(Endpoint.DECIDE, State.WITH_OTHER_AGENT,          __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.EXTEND_DUE_TIME, State.AWAITING_SELLER,  401, 403, 403,   404,    404,    404,  403,  403),
                line(Endpoint.EXTEND_DUE_TIME, State.IN_QUEUE,         401, 403, 403,   404,    404,    200,  403,  403),
                line(Endpoint.EXTEND_DUE_TIME, State.WITH_AGENT,       __,  __,  __,    __,     __,     200,  __,   __),
                line(Endpoint.EXTEND_DUE_TIME, State.WITH_OTHER_AGENT, __,  __,  __,    __,     __,     403,  __,   __),
                line(Endpoint.EXTEND_DUE_TIME, State.RESOLVED,         401, 403, 403,   404,    404,    404,  403,  403),

                // ---- disputes: returns
                line(Endpoint.RETURN_ADDRESS, State.AWAITING_SELLER,   401, 403, 409,   404,    404,    404,  403,  403),
                line(Endpoint.RETURN_ADDRESS, State.AWAITING_RETURN_ADDRESS, 401, 403, 200, 404, 404,  404,  403,  403),
                line(Endpoint.SHIP_RETURN, State.AWAITING_RETURN_ADDRESS, 401, 409, 403, 404,   404,    404,  403,  403),
                line(Endpoint.SHIP_RETURN, State.AWAITING_RETURN_SHIPMENT, 401, 200, 403, 404,  404,    404,  403,  403),
                line(Endpoint.RETURN_DELIVERED, State.AWAITING_RETURN_SHIPMENT, 401, 403, 403, 404, 404, 404, 403,  409),
                line(Endpoint.RETURN_DELIVERED, State.AWAITING_RETURN_RECEIPT, 401, 403, 403, 404, 404, 404,  403,  200),
                line(Endpoint.RETURN_RECEIPT, State.AWAITING_RETURN_SHIPMENT, 401, 403, 409, 404, 404,  404,  403,  403),
                line(Endpoint.RETURN_RECEIPT, State.AWAITING_RETURN_RECEIPT, 401, 403, 200, 404, 404,   404,  403,  403),

                // ---- administration and operations
                line(Endpoint.CREATE_USER, State.ORDER,                401, 403, 403,   403,    403,    403,  201,  403),
                line(Endpoint.CREATE_API_KEY, State.ORDER,             401, 403, 403,   403,    403,    403,  201,  403),
                line(Endpoint.POLICY, State.ORDER,                     401, 403, 403,   403,    403,    403,  200,  403),
                line(Endpoint.POLICY_VERSIONS, State.ORDER,            401, 403, 403,   403,    403,    403,  200,  403),
                line(Endpoint.PROMETHEUS, State.ORDER,                 401, 403, 403,   403,    403,    403,  200,  403),
                // ---- insight: the desk's figures for the marketplace, a party's record for agents too
                line(Endpoint.DISPUTE_METRICS, State.ORDER,            401, 403, 403,   403,    403,    403,  200,  200),
                line(Endpoint.SELLER_METRICS, State.AWAITING_SELLER,   401, 403, 403,   403,    403,    200,  200,  200),
                line(Endpoint.BUYER_METRICS, State.AWAITING_SELLER,    401, 403, 403,   403,    403,    200,  200,  200),
                // The demo clock exists in demo mode only.
                line(Endpoint.DEMO_CLOCK, State.ORDER,                 401, 403, 403,   403,    403,    403,  404,  403),
                line(Endpoint.HEALTH, State.ORDER,                     200, 200, 200,   200,    200,    200,  200,  200),
                line(Endpoint.API_DOCS, State.ORDER,                   200, 200, 200,   200,    200,    200,  200,  200)
        ).flatMap(Function.identity());
    }

    @ParameterizedTest(name = "{0} [{1}] as {2} -> {3}")
    @MethodSource("matrix")
    void everyCallerGetsWhatThePolicyAllowsAndEveryRefusalIsAProblem(Endpoint endpoint, State state, Caller caller,
                                                                     Expected expected) {
        Scene scene = scene(state);

        Api.Response response = scene.api(caller).send(endpoint.method, endpoint.path(scene), endpoint.body.apply(scene));

        String row = endpoint + " [" + state + "] as " + caller + ": " + response;
        assertThat(response.status()).as(row).isEqualTo(expected.status());
        if (response.status() >= 300) {
            assertThat(response.contentType()).as("content type of " + row).startsWith("application/problem+json");
            assertThat(response.json().path("status").toString()).as("problem status of " + row)
                    .isEqualTo(String.valueOf(response.status()));
        }
        if (expected.listing() != null) {
            List<String> ids = new ArrayList<>();
            response.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
            String subject = endpoint == Endpoint.LIST_ORDERS ? scene.orderId : scene.disputeId;
            if (expected.listing()) {
                assertThat(ids).as(row).contains(subject);
            } else {
                assertThat(ids).as(row).doesNotContain(subject);
            }
        }
    }

    // ------------------------------------------------------------------ data leaks the table cannot show

    @Test
    void neitherSideSeesTheOtherSidesPrivateLimitInTheDisputeOrItsTimeline() {
        Scene scene = scene(State.AWAITING_SELLER);
        scene.buyer.api().post("/api/v1/disputes/" + scene.disputeId + "/private-limit", Map.of("amount", 4100))
                .expect(200);
        scene.seller.api().post("/api/v1/disputes/" + scene.disputeId + "/private-limit", Map.of("amount", 700))
                .expect(200);

        Api.Response sellerSees = scene.seller.api().get("/api/v1/disputes/" + scene.disputeId).expect(200);
        Api.Response buyerSees = scene.buyer.api().get("/api/v1/disputes/" + scene.disputeId).expect(200);

        assertThat(sellerSees.json().path("negotiation").path("privateLimits").has("buyerLeastRefund")).isFalse();
        assertThat(sellerSees.json().path("negotiation").path("privateLimits").path("sellerMostRefund").asLong())
                .isEqualTo(700);
        assertThat(limitEntries(sellerSees)).hasSize(1).allSatisfy(summary -> assertThat(summary)
                .contains("the most it would refund: €7.00").doesNotContain("41.00"));
        assertThat(buyerSees.json().path("negotiation").path("privateLimits").has("sellerMostRefund")).isFalse();
        assertThat(buyerSees.json().path("negotiation").path("privateLimits").path("buyerLeastRefund").asLong())
                .isEqualTo(4100);
        assertThat(limitEntries(buyerSees)).hasSize(1).allSatisfy(summary -> assertThat(summary)
                .contains("the least refund it would accept: €41.00"));
        JsonNode listed = scene.seller.api().get("/api/v1/disputes?orderId=" + scene.orderId).expect(200).json()
                .path("items").get(0);
        assertThat(listed.path("id").asString()).isEqualTo(scene.disputeId);
        assertThat(listed.toString()).doesNotContain("least refund");
    }

    private static List<String> limitEntries(Api.Response dispute) {
        List<String> summaries = new ArrayList<>();
        dispute.json().path("timeline").forEach(entry -> {
            if (entry.path("type").asString().equals("PRIVATE_LIMIT_STATED")) {
                summaries.add(entry.path("summary").asString());
            }
        });
        return summaries;
    }

    @Test
    void aWrongPasswordOrAnUnknownApiKeyIsA401ProblemAndNeverFallsBackToAnonymousOrAnotherCaller() {
        Scene scene = scene(State.ORDER);
        Api wrongPassword = marketplace.anonymous().withBasic(scene.buyer.username(), "not-the-password");
        Api unknownKey = marketplace.anonymous().with("X-Api-Key", "ak_" + UUID.randomUUID());
        Api unknownKeyWithGoodPassword = scene.buyer.api().with("X-Api-Key", "ak_" + UUID.randomUUID());

        for (Api api : List.of(wrongPassword, unknownKey, unknownKeyWithGoodPassword)) {
            Api.Response response = api.get("/api/v1/orders/" + scene.orderId);
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("status").asInt()).isEqualTo(401);
            // A public endpoint with bad credentials is refused too, rather than served as if anonymous.
            assertThat(api.get("/actuator/health").status()).isEqualTo(401);
        }
    }

    @Test
    void anAdminCannotCreateALoginForTheIntegrationOrForArbiterItself() {
        Person admin = marketplace.admin();
        for (String role : List.of("INTEGRATION", "SYSTEM")) {
            String id = "x-" + UUID.randomUUID();
            Api.Response response = admin.api().post("/api/v1/admin/users", Map.of("id", id, "username", id,
                    "password", "long-enough-password", "role", role, "displayName", "X"));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    // ------------------------------------------------------------------ the table's vocabulary

    enum Caller { ANONYMOUS, BUYER, SELLER, FOREIGN_BUYER, FOREIGN_SELLER, AGENT, ADMIN, INTEGRATION }

    /** The expected answer of one row: a status, and for lists whether the row's subject is listed. */
    record Expected(int status, Boolean listing) {

        static Expected of(int code) {
            return switch (code) {
                case LISTED -> new Expected(200, true);
                case UNLISTED -> new Expected(200, false);
                default -> new Expected(code, null);
            };
        }

        @Override
        public String toString() {
            return status + (listing == null ? "" : listing ? " listing it" : " not listing it");
        }
    }

    /** The state of the order and dispute a row acts on. */
    enum State {
        NOTHING("no such order or dispute"),
        ORDER("delivered order, no dispute"),
        AWAITING_SELLER("dispute awaiting the seller"),
        AWAITING_BUYER("seller countered, awaiting the buyer"),
        IN_QUEUE("escalated, in the agents' queue"),
        WITH_AGENT("taken by the agent"),
        WITH_OTHER_AGENT("taken by another agent"),
        BUYER_ASKED("agent asked the buyer for information"),
        SUGGESTED("agent suggested a partial refund"),
        AWAITING_RETURN_ADDRESS("claim accepted, awaiting the return address"),
        AWAITING_RETURN_SHIPMENT("address confirmed, awaiting the return"),
        AWAITING_RETURN_RECEIPT("return shipped, awaiting receipt"),
        RESOLVED("settled by agreement");

        private final String description;

        State(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    enum Endpoint {
        ME("GET", "/api/v1/me"),
        REASONS("GET", "/api/v1/reasons"),
        LIST_ORDERS("GET", "/api/v1/orders"),
        GET_ORDER("GET", "/api/v1/orders/{order}"),
        IMPORT_ORDER("PUT", "/api/v1/orders/{order}", scene -> scene.importBody),
        TRACKING_EVENT("POST", "/api/v1/orders/{order}/tracking-events", scene -> Map.of("status", "OUT_FOR_DELIVERY",
                "at", START.minus(Duration.ofDays(3)).toString(), "location", "Depot")),
        CONFIRM_RECEIPT("POST", "/api/v1/orders/{order}/confirm-receipt"),
        READ_ORDER_MESSAGES("GET", "/api/v1/orders/{order}/messages"),
        WRITE_ORDER_MESSAGE("POST", "/api/v1/orders/{order}/messages", scene -> Map.of("text", "Where is it?")),
        OPEN_DISPUTE("POST", "/api/v1/disputes",
                scene -> claim(scene.orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))),
        LIST_DISPUTES("GET", "/api/v1/disputes?orderId={order}"),
        GET_DISPUTE("GET", "/api/v1/disputes/{dispute}"),
        ACCEPT("POST", "/api/v1/disputes/{dispute}/accept"),
        DECLINE("POST", "/api/v1/disputes/{dispute}/decline"),
        MAKE_OFFER("POST", "/api/v1/disputes/{dispute}/offers",
                scene -> Map.of("resolution", partialRefund(2000), "note", "Meet me halfway")),
        CONTEST("POST", "/api/v1/disputes/{dispute}/contest", scene -> Map.of("statement", "It left in perfect shape")),
        PRIVATE_LIMIT("POST", "/api/v1/disputes/{dispute}/private-limit", scene -> Map.of("amount", 1500)),
        ESCALATE("POST", "/api/v1/disputes/{dispute}/escalate", scene -> Map.of("reason", "We cannot agree")),
        WITHDRAW("POST", "/api/v1/disputes/{dispute}/withdraw", scene -> Map.of("reason", "Sorted out")),
        DISPUTE_MESSAGE("POST", "/api/v1/disputes/{dispute}/messages", scene -> Map.of("text", "Any news?")),
        ADD_LINK("POST", "/api/v1/disputes/{dispute}/evidence/links",
                scene -> Map.of("url", "https://93.184.215.14/unboxing.mp4", "description", "Unboxing video")),
        LIST_EVIDENCE("GET", "/api/v1/disputes/{dispute}/evidence"),
        EVIDENCE_FILE("GET", "/api/v1/disputes/{dispute}/evidence/{evidence}/content"),
        WITHDRAW_EVIDENCE("POST", "/api/v1/disputes/{dispute}/evidence/{evidence}/withdrawal",
                scene -> Map.of("reason", "Wrong photo")),
        TAKE("POST", "/api/v1/disputes/{dispute}/take"),
        REQUEST_INFORMATION("POST", "/api/v1/disputes/{dispute}/information-requests",
                scene -> Map.of("from", "SELLER", "question", "Proof of the packing?")),
        RESPOND_TO_REQUEST("POST", "/api/v1/disputes/{dispute}/information-response",
                scene -> Map.of("text", "Here it is")),
        SUGGEST("POST", "/api/v1/disputes/{dispute}/suggestion",
                scene -> Map.of("resolution", partialRefund(1500), "reasons", "A fair middle")),
        ACCEPT_SUGGESTION("POST", "/api/v1/disputes/{dispute}/suggestion/accept"),
        DECIDE("POST", "/api/v1/disputes/{dispute}/decision",
                scene -> Map.of("resolution", partialRefund(2000), "reasons", "Visible defect")),
        RETURN_ADDRESS("POST", "/api/v1/disputes/{dispute}/return/address",
                scene -> Map.of("address", "1 Warehouse Road")),
        SHIP_RETURN("POST", "/api/v1/disputes/{dispute}/return/shipment",
                scene -> Map.of("carrier", "DHL", "trackingNumber", "RET-1")),
        EXTEND_DUE_TIME("POST", "/api/v1/disputes/{dispute}/due-time-extensions", scene -> Map.of("dueTime", "CURRENT",
                "until", START.plus(Duration.ofDays(10)).toString(), "reason", "The carrier needs more time")),
        RETURN_DELIVERED("POST", "/api/v1/disputes/{dispute}/return/delivered"),
        RETURN_RECEIPT("POST", "/api/v1/disputes/{dispute}/return/receipt"),
        CREATE_USER("POST", "/api/v1/admin/users", scene -> {
            String id = "agent-" + UUID.randomUUID();
            return Map.of("id", id, "username", id, "password", "long-enough-password", "role", "AGENT",
                    "displayName", "New Agent");
        }),
        CREATE_API_KEY("POST", "/api/v1/admin/api-keys", scene -> Map.of("name", "second back end")),
        POLICY("GET", "/api/v1/admin/policy"),
        POLICY_VERSIONS("GET", "/api/v1/admin/policy/versions"),
        PROMETHEUS("GET", "/actuator/prometheus"),
        DISPUTE_METRICS("GET", "/api/v1/metrics/disputes"),
        SELLER_METRICS("GET", "/api/v1/sellers/{seller}/metrics"),
        BUYER_METRICS("GET", "/api/v1/buyers/{buyer}/metrics"),
        DEMO_CLOCK("POST", "/api/v1/admin/clock", scene -> Map.of("advanceBy", "P2D")),
        HEALTH("GET", "/actuator/health"),
        API_DOCS("GET", "/v3/api-docs");

        final String method;
        final String template;
        final Function<Scene, Object> body;

        Endpoint(String method, String template) {
            this(method, template, scene -> null);
        }

        Endpoint(String method, String template, Function<Scene, Object> body) {
            this.method = method;
            this.template = template;
            this.body = body;
        }

        String path(Scene scene) {
            return template.replace("{order}", scene.orderId)
                    .replace("{seller}", scene.seller.id()).replace("{buyer}", scene.buyer.id())
                    .replace("{dispute}", scene.disputeId == null ? "" : scene.disputeId)
                    .replace("{evidence}", scene.evidenceId == null ? "" : scene.evidenceId);
        }

        @Override
        public String toString() {
            return method + " " + template.replace("{order}", "{orderId}").replace("{dispute}", "{id}");
        }
    }

    private static Stream<Arguments> line(Endpoint endpoint, State state, int anonymous, int buyer, int seller,
                                          int foreignBuyer, int foreignSeller, int agent, int admin, int integration) {
        int[] codes = {anonymous, buyer, seller, foreignBuyer, foreignSeller, agent, admin, integration};
        List<Arguments> rows = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            int code = codes[caller.ordinal()];
            if (code != __) {
                rows.add(Arguments.of(endpoint, state, caller, Expected.of(code)));
            }
        }
        return rows.stream();
    }

    // ------------------------------------------------------------------ building the scene of one row

    private static final AtomicInteger SCENES = new AtomicInteger();

    /** The people around one order, and the order and its dispute brought to the given state. */
    final class Scene {

        final Person buyer = marketplace.buyer();
        final Person seller = marketplace.seller();
        final Person foreignBuyer = marketplace.buyer();
        final Person foreignSeller = marketplace.seller();
        final Person agent = marketplace.agent();
        final Person admin = marketplace.admin();
        final Api integration = marketplace.integration();
        String orderId;
        String disputeId;
        String evidenceId;
        Map<String, Object> importBody;

        Api api(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> marketplace.anonymous();
                case BUYER -> buyer.api();
                case SELLER -> seller.api();
                case FOREIGN_BUYER -> foreignBuyer.api();
                case FOREIGN_SELLER -> foreignSeller.api();
                case AGENT -> agent.api();
                case ADMIN -> admin.api();
                case INTEGRATION -> integration;
            };
        }

        String path(String action) {
            return "/api/v1/disputes/" + disputeId + action;
        }
    }

    private Scene scene(State state) {
        // Each scene is newer than every earlier one, so its order is on the first page of an unfiltered list.
        marketplace.advance(Duration.ofMinutes(SCENES.incrementAndGet()));
        Scene s = new Scene();
        marketplace.deliveredOrder(s.foreignBuyer, s.foreignSeller);
        if (state == State.NOTHING) {
            s.orderId = "ORD-missing-" + UUID.randomUUID();
            s.disputeId = UUID.randomUUID().toString();
            return s;
        }
        Marketplace.OrderBuilder order = marketplace.order(s.buyer, s.seller);
        s.importBody = order.body();
        s.orderId = order.imported();
        if (state == State.ORDER) {
            return s;
        }
        s.disputeId = s.buyer.api().post("/api/v1/disputes",
                        claim(s.orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201).json().get("id").asString();
        // The table is about who may do what: a blank photo meets the requirement without a near-copy lookup.
        s.evidenceId = marketplace.addPlainDefectPhoto(
                new Marketplace.Case(s.disputeId, s.orderId, s.buyer, s.seller), SCENES.get());
        switch (state) {
            case AWAITING_SELLER -> {
            }
            case AWAITING_RETURN_ADDRESS, AWAITING_RETURN_SHIPMENT, AWAITING_RETURN_RECEIPT -> {
                s.seller.api().post(s.path("/accept"), null).expect(200);
                if (state != State.AWAITING_RETURN_ADDRESS) {
                    s.seller.api().post(s.path("/return/address"), Map.of("address", "1 Warehouse Road")).expect(200);
                }
                if (state == State.AWAITING_RETURN_RECEIPT) {
                    s.buyer.api().post(s.path("/return/shipment"), Map.of("carrier", "DHL", "trackingNumber", "R-9"))
                            .expect(200);
                }
            }
            default -> {
                s.seller.api().post(s.path("/offers"), Map.of("resolution", partialRefund(1000), "note", "Keep it"))
                        .expect(200);
                switch (state) {
                    case AWAITING_BUYER -> {
                    }
                    case RESOLVED -> s.buyer.api().post(s.path("/accept"), null).expect(200);
                    default -> {
                        s.buyer.api().post(s.path("/escalate"), Map.of("reason", "Too little")).expect(200);
                        Person taker = state == State.WITH_OTHER_AGENT ? marketplace.agent() : s.agent;
                        if (state != State.IN_QUEUE) {
                            taker.api().post(s.path("/take"), null).expect(200);
                        }
                        if (state == State.BUYER_ASKED) {
                            s.agent.api().post(s.path("/information-requests"),
                                    Map.of("from", "BUYER", "question", "A photo of the defect?")).expect(200);
                        }
                        if (state == State.SUGGESTED) {
                            s.agent.api().post(s.path("/suggestion"),
                                    Map.of("resolution", partialRefund(1500), "reasons", "A fair middle")).expect(200);
                        }
                    }
                }
            }
        }
        return s;
    }
}
