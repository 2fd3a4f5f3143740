package io.arbiter.webhook;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.dispute.DisputeEvents.MessagePosted;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DueTime;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.outbound.Outbound;
import io.arbiter.outbound.OutboundGaveUp;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.Receiver;
import io.arbiter.webhook.WebhookTestConfiguration.DisabledEndpoints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end: registered through the API, caused by real dispute actions, delivered over HTTP to a
 * receiver on the loopback interface and checked the way the README tells receivers to. The webhooks of a change
 * are written with it; the scheduled dispatcher is off: tests run it and step the clock.
 */
@LoopbackWebhooks
class WebhookApiTests extends ApiTest {

    private static final String WEBHOOKS = "/api/v1/admin/webhooks";

    @Autowired
    Outbound outbound;
    @Autowired
    DisabledEndpoints disabled;
    @Autowired
    WebhookPublisher publisher;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EarlierWebhookEvents earlier;
    @Autowired
    JsonMapper json;

    private final List<Receiver> receivers = new ArrayList<>();
    private Person admin;

    /** An endpoint as registered: its id and the secret shown once. */
    record Endpoint(String id, String secret, Receiver receiver) {
    }

    @BeforeEach
    void onlyThisTestsEndpoints() {
        // The tests share one database: endpoints of earlier tests must not receive this test's events.
        jdbc.sql("update webhook_endpoint set enabled = false").update();
        admin = marketplace.admin();
    }

    @AfterEach
    void closeReceivers() {
        receivers.forEach(Receiver::close);
    }

    // ------------------------------------------------------------------ registration

    @Test
    void registersAnEndpointAndShowsItsSecretOnlyInTheAnswer() {
        Receiver receiver = receiver();
        Api.Response created = admin.api().post(WEBHOOKS, Map.of("url", receiver.url(),
                "eventTypes", List.of("dispute.opened", "payout.confirmed"), "description", "back office"));

        created.expect(201);
        JsonNode endpoint = created.json();
        String secret = endpoint.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(created.header("Location")).isEqualTo(WEBHOOKS + "/" + endpoint.get("id").asString());
        assertThat(endpoint.get("enabled").asBoolean()).isTrue();

        String id = endpoint.get("id").asString();
        Api.Response read = admin.api().get(WEBHOOKS + "/" + id).expect(200);
        assertThat(read.json().get("url").asString()).isEqualTo(receiver.url());
        assertThat(read.json().get("description").asString()).isEqualTo("back office");
        assertThat(io.arbiter.support.Json.texts(read.json().get("eventTypes")))
                .containsExactly("dispute.opened", "payout.confirmed");
        assertThat(read.text()).doesNotContain(secret.substring(6)).doesNotContain("secret");
        assertThat(admin.api().get(WEBHOOKS).expect(200).text()).contains(id).doesNotContain(secret.substring(6));
    }

    @Test
    void refusesAUrlArbiterMayNotCallNamingTheUrl() {
        for (String url : List.of("http://hooks.example.com/arbiter", "https://10.1.2.3/hooks",
                "https://169.254.169.254/latest", "ftp://hooks.example.com/", "not a url")) {
            Api.Response refused = admin.api().post(WEBHOOKS, Map.of("url", url));
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        }
        Api.Response missing = admin.api().post(WEBHOOKS, Map.of("description", "no url"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
    }

    @Test
    void refusesAnUnknownEventTypeAndListsTheKnownOnes() {
        Api.Response refused = admin.api().post(WEBHOOKS, Map.of("url", receiver().url(),
                "eventTypes", List.of("dispute.opened", "dispute.open")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("eventTypes");
        assertThat(refused.json().get("errors").get(0).get("reason").asString()).contains("dispute.opened");
        assertThat(io.arbiter.support.Json.texts(admin.api().get(WEBHOOKS + "/event-types").expect(200).json()))
                .contains("dispute.opened", "dispute.contested", "dispute.closed", "payout.needs_attention")
                .doesNotContain("dispute.private_limit_stated");
    }

    @Test
    void onlyAdminsManageWebhooks() {
        Endpoint endpoint = register(receiver());
        Map<String, Object> body = Map.of("url", "https://hooks.example.com/arbiter");
        for (Api caller : List.of(marketplace.buyer().api(), marketplace.seller().api(), marketplace.agent().api(),
                marketplace.integration())) {
            assertThat(caller.post(WEBHOOKS, body).status()).isEqualTo(403);
            assertThat(caller.get(WEBHOOKS).status()).isEqualTo(403);
            assertThat(caller.get(WEBHOOKS + "/" + endpoint.id() + "/deliveries").status()).isEqualTo(403);
            assertThat(caller.send("DELETE", WEBHOOKS + "/" + endpoint.id(), null).status()).isEqualTo(403);
        }
        assertThat(marketplace.anonymous().get(WEBHOOKS).status()).isEqualTo(401);
        assertThat(admin.api().get(WEBHOOKS + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ what is sent

    @Test
    void aDisputeActionSendsASignedWebhookWithTheWholeDispute() throws Exception {
        Endpoint endpoint = register(receiver());
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(1500));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it and take 10.00")).expect(200);
        Instant offeredAt = marketplace.now();

        Receiver.Request request = only(deliver(endpoint), "dispute.offer_made");

        assertThat(ArbiterWebhooks.verify(endpoint.secret(), request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"),
                request.body().getBytes(StandardCharsets.UTF_8), marketplace.now())).isTrue();
        assertThat(deliveryIds(endpoint)).contains(request.header("webhook-id"));
        JsonNode webhook = Api.JSON.readTree(request.body());
        assertThat(webhook.get("occurredAt").asString()).isEqualTo(offeredAt.toString());
        JsonNode data = webhook.get("data");
        assertThat(data.get("disputeId").asString()).isEqualTo(dispute.id());
        assertThat(data.get("by").asString()).isEqualTo("SELLER");
        assertThat(data.get("terms").get("amount").asLong()).isEqualTo(1000);
        assertThat(data.get("summary").asString())
                .isEqualTo("The seller offered a partial refund of €10.00: “Keep it and take 10.00”");
        JsonNode snapshot = data.get("dispute");
        assertThat(snapshot.get("id").asString()).isEqualTo(dispute.id());
        assertThat(snapshot.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(snapshot.get("whoseMove").asString()).isEqualTo("BUYER");
        assertThat(Instant.parse(snapshot.get("dueAt").asString())).isEqualTo(offeredAt.plus(Duration.ofDays(5)));
        assertThat(snapshot.get("money").get("held").asLong()).isEqualTo(5000);
        assertThat(snapshot.get("negotiation").get("openOffer").get("terms").get("amount").asLong()).isEqualTo(1000);
        assertThat(snapshot.get("claim").get("requested").get("amount").asLong()).isEqualTo(1500);
        assertThat(snapshot.get("order").get("id").asString()).isEqualTo(dispute.orderId());
        assertThat(snapshot.has("timeline")).isFalse();
        assertThat(snapshot.has("version")).isFalse();

        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        List<Receiver.Request> all = deliver(endpoint);
        JsonNode closed = Api.JSON.readTree(only(all, "dispute.closed").body()).get("data");
        assertThat(closed.get("refundToBuyer").get("amount").asLong()).isEqualTo(1000);
        assertThat(closed.get("dispute").get("status").asString()).isEqualTo("RESOLVED");
        assertThat(closed.get("dispute").get("outcome").get("refundToBuyer").asLong()).isEqualTo(1000);
        assertThat(closed.get("dispute").get("settlement").get("state").asString()).isNotBlank();
        assertThat(types(all)).contains("dispute.opened", "dispute.offer_made", "dispute.offer_accepted",
                "dispute.closed", "payout.confirmed");
        JsonNode payout = Api.JSON.readTree(all.stream().filter(r -> type(r).equals("payout.confirmed")).findFirst()
                .orElseThrow().body()).get("data");
        assertThat(payout.get("dispute").get("id").asString()).isEqualTo(dispute.id());
        assertThat(all).allSatisfy(each -> assertThat(StandardWebhooksCheck.of(endpoint, each)).isTrue());
    }

    @Test
    void numbersTheWebhooksOfADisputeInTheOrderItsChangesHappenedWhateverOrderTheyArriveIn() {
        Endpoint endpoint = register(receiver());
        Case dispute = marketplace.disputeAwaitingBuyer();
        deliver(endpoint);
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        Case other = marketplace.disputeAwaitingSeller();

        Map<Long, String> typeOf = new java.util.TreeMap<>();
        for (Receiver.Request request : deliver(endpoint)) {
            JsonNode body = Api.JSON.readTree(request.body());
            if (body.at("/data/dispute/id").asString().equals(dispute.id())) {
                assertThat(typeOf.put(body.get("sequence").asLong(), type(request))).as("a number once").isNull();
            } else {
                assertThat(body.at("/data/dispute/id").asString()).isEqualTo(other.id());
                assertThat(body.get("sequence").asLong()).as("each dispute counts its own").isEqualTo(1);
            }
        }
        assertThat(typeOf.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        List<String> inOrder = List.copyOf(typeOf.values());
        assertThat(inOrder.get(0)).isEqualTo("dispute.opened");
        assertThat(inOrder.subList(1, 3)).containsExactlyInAnyOrder("dispute.offer_declined", "dispute.offer_made");
        assertThat(inOrder.subList(3, 7)).as("the payouts follow the close they come from")
                .containsExactly("dispute.offer_accepted", "dispute.closed", "payout.confirmed", "payout.confirmed");
    }

    @Test
    void sendsEachEndpointOnlyTheTypesItAskedFor() {
        Endpoint offers = register(receiver(), "dispute.offer_made");
        Endpoint everything = register(receiver());
        Endpoint payouts = register(receiver(), "payout.confirmed");
        Case dispute = marketplace.disputeAwaitingBuyer();

        assertThat(types(deliver(offers))).containsExactly("dispute.offer_made");
        // The seller's counter-offer declines the buyer's claim and makes an offer.
        assertThat(types(deliver(everything))).containsExactlyInAnyOrder("dispute.opened", "dispute.offer_declined",
                "dispute.offer_made");
        assertThat(deliver(payouts)).isEmpty();

        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        assertThat(types(deliver(payouts))).containsExactly("payout.confirmed", "payout.confirmed");
        assertThat(types(deliver(offers))).containsExactly("dispute.offer_made");
    }

    @Test
    void neverRevealsAPrivateLimitNorThatOneWasStated() {
        Endpoint endpoint = register(receiver());
        Case dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/private-limit", Map.of("amount", 4321))
                .expect(200);
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages", Map.of("text", "Any news?"))
                .expect(200);

        List<Receiver.Request> requests = deliver(endpoint);

        assertThat(types(requests)).containsExactlyInAnyOrder("dispute.opened", "dispute.offer_declined",
                "dispute.offer_made", "dispute.message_posted");
        JsonNode offered = Api.JSON.readTree(only(requests, "dispute.offer_made").body()).get("data").get("dispute");
        JsonNode messaged = Api.JSON.readTree(only(requests, "dispute.message_posted").body()).get("data")
                .get("dispute");
        assertThat(messaged).as("the dispute looks the same before and after the limit").isEqualTo(offered);
        assertThat(requests).allSatisfy(request -> assertThat(request.body())
                .doesNotContain("4321").doesNotContainIgnoringCase("privately").doesNotContain("PRIVATE_LIMIT")
                .doesNotContain("privateLimits"));
        assertThat(jdbc.sql("select count(*) from webhook_delivery where event_type like '%private%'")
                .query(Long.class).single()).as("not even recorded as a delivery").isZero();
    }

    @Test
    void anEventNoEndpointWantsIsNotKeptAndAnEndpointRegisteredLaterGetsWhatFollows() {
        Endpoint offersOnly = register(receiver(), "dispute.offer_made");
        Case dispute = marketplace.disputeAwaitingSeller();
        assertThat(jdbc.sql("select count(*) from webhook_delivery where dispute_id = :dispute")
                .param("dispute", UUID.fromString(dispute.id())).query(Long.class).single())
                .as("dispute.opened is wanted by no endpoint: nothing is written for it").isZero();

        Endpoint everything = register(receiver());
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(1000))).expect(200);

        // The seller's counter-offer declines the claim and makes an offer.
        assertThat(types(deliver(everything))).containsExactlyInAnyOrder("dispute.offer_declined",
                "dispute.offer_made");
        assertThat(types(offersOnly.receiver().requests())).containsExactly("dispute.offer_made");
    }

    @Test
    void sendsADueTimeReminderUnderTheNameItsEventDeclares() {
        Endpoint endpoint = register(receiver(), "dispute.due_time_approaching");
        Case dispute = marketplace.disputeAwaitingSeller();
        Instant dueAt = marketplace.now().plus(Duration.ofDays(5));
        new TransactionTemplate(transactions).executeWithoutResult(status -> events.publishEvent(
                new DueTimeApproaching(UUID.fromString(dispute.id()), DueTime.CURRENT, Party.SELLER, dueAt,
                        Duration.ofDays(1), Actor.SYSTEM, marketplace.now())));

        JsonNode data = Api.JSON.readTree(only(deliver(endpoint), "dispute.due_time_approaching").body()).get("data");

        assertThat(Instant.parse(data.get("dueAt").asString())).isEqualTo(dueAt);
        assertThat(data.get("dispute").get("status").asString()).isEqualTo("AWAITING_SELLER");
    }

    // ------------------------------------------------------------------ receivers

    @Test
    void aReceiverThatWasDownGetsEveryEventOnceItIsBack() {
        Receiver receiver = receiver().answering(503);
        Endpoint endpoint = register(receiver);
        Case dispute = marketplace.disputeAwaitingBuyer();
        marketplace.addDefectPhoto(dispute, 4);
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/escalate", Map.of("reason", "too little"))
                .expect(200);
        deliver(endpoint);
        for (Duration step : List.of(Duration.ofSeconds(31), Duration.ofSeconds(61), Duration.ofMinutes(2))) {
            marketplace.advance(step);
            outbound.deliverDue();
        }
        int whileDown = receiver.requests().size();
        assertThat(whileDown).as("five events, each tried four times").isEqualTo(5 * 4);

        receiver.answering(204);
        marketplace.advance(Duration.ofMinutes(5));
        outbound.deliverDue();

        List<Receiver.Request> afterwards = receiver.requests().subList(whileDown, receiver.requests().size());
        assertThat(types(afterwards)).containsExactlyInAnyOrder("dispute.opened", "dispute.offer_declined",
                "dispute.offer_made", "dispute.evidence_submitted", "dispute.escalated");
        assertThat(afterwards).extracting(request -> request.header("webhook-id")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(deliveryIds(endpoint));
        JsonNode log = admin.api().get(WEBHOOKS + "/" + endpoint.id() + "/deliveries").expect(200).json();
        assertThat(log.get("totalItems").asLong()).isEqualTo(5);
        log.get("items").forEach(delivery -> {
            assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
            assertThat(io.arbiter.support.Json.field(delivery.get("attempts"), "statusCode"))
                    .containsExactly("503", "503", "503", "503", "204");
        });
        outbound.deliverDue();
        assertThat(receiver.requests()).as("nothing is sent twice").hasSize(whileDown + 5);
    }

    @Test
    void aTamperedBodyFailsTheReadmeReceiversCheck() throws Exception {
        Endpoint endpoint = register(receiver());
        marketplace.disputeAwaitingSeller();
        Receiver.Request request = only(deliver(endpoint), "dispute.opened");
        String tampered = request.body().replace("\"held\":5000", "\"held\":9000");
        assertThat(tampered).isNotEqualTo(request.body());

        assertThat(verify(endpoint, request, request.body(), marketplace.now())).isTrue();
        assertThat(verify(endpoint, request, tampered, marketplace.now())).isFalse();
        assertThat(ArbiterWebhooks.verify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]),
                request.header("webhook-id"), request.header("webhook-timestamp"), request.header("webhook-signature"),
                request.body().getBytes(StandardCharsets.UTF_8), marketplace.now())).as("another secret").isFalse();
        assertThat(ArbiterWebhooks.verify(endpoint.secret(), UUID.randomUUID().toString(),
                request.header("webhook-timestamp"), request.header("webhook-signature"),
                request.body().getBytes(StandardCharsets.UTF_8), marketplace.now())).as("another id").isFalse();
    }

    @Test
    void theReadmeReceiverRejectsAReplayOlderThanFiveMinutes() throws Exception {
        Endpoint endpoint = register(receiver());
        marketplace.disputeAwaitingSeller();
        Receiver.Request request = only(deliver(endpoint), "dispute.opened");
        Instant sent = Instant.ofEpochSecond(Long.parseLong(request.header("webhook-timestamp")));
        assertThat(sent).isEqualTo(marketplace.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        assertThat(verify(endpoint, request, request.body(), sent.plus(Duration.ofMinutes(4)))).isTrue();
        assertThat(verify(endpoint, request, request.body(), sent.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(verify(endpoint, request, request.body(), sent.plus(Duration.ofMinutes(5).plusSeconds(1))))
                .isFalse();
        assertThat(verify(endpoint, request, request.body(), sent.minus(Duration.ofMinutes(6)))).isFalse();
    }

    // ------------------------------------------------------------------ failures and the admin

    @Test
    void anEndpointWhoseDeliveryIsGivenUpIsDisabledUntilAnAdminEnablesIt() {
        Receiver receiver = receiver().answering(500);
        Endpoint endpoint = register(receiver);
        Case dispute = marketplace.disputeAwaitingSeller();
        deliver(endpoint);
        String deliveryId = deliveryIds(endpoint).get(0);
        for (int i = 0; i < 20 && !"GAVE_UP".equals(delivery(endpoint, deliveryId).get("status").asString()); i++) {
            marketplace.advance(Duration.ofHours(6));
            outbound.deliverDue();
        }
        assertThat(delivery(endpoint, deliveryId).get("status").asString()).isEqualTo("GAVE_UP");

        JsonNode read = admin.api().get(WEBHOOKS + "/" + endpoint.id()).expect(200).json();
        assertThat(read.get("enabled").asBoolean()).isFalse();
        assertThat(read.get("disabledReason").asString()).contains("dispute.opened", deliveryId, "3 days", "HTTP 500");
        assertThat(disabled.of(UUID.fromString(endpoint.id()))).singleElement().satisfies(event -> {
            assertThat(event.url()).isEqualTo(receiver.url());
            assertThat(event.reason()).isEqualTo(read.get("disabledReason").asString());
            assertThat(event.at()).isEqualTo(Instant.parse(read.get("disabledAt").asString()));
        });

        receiver.answering(204);
        int before = receiver.requests().size();
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages", Map.of("text", "Hello?"))
                .expect(200);
        assertThat(deliver(endpoint)).as("a disabled endpoint receives nothing new").hasSize(before);
        assertThat(deliveryIds(endpoint)).hasSize(1);
        assertThat(admin.api().post(WEBHOOKS + "/" + endpoint.id() + "/deliveries/" + deliveryId + "/redeliver", null)
                .status()).isEqualTo(409);

        JsonNode enabled = admin.api().post(WEBHOOKS + "/" + endpoint.id() + "/enable", null).expect(200).json();
        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(enabled.has("disabledReason")).isFalse();
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages", Map.of("text", "Still there?"))
                .expect(200);
        assertThat(types(deliver(endpoint).subList(before, receiver.requests().size())))
                .containsExactly("dispute.message_posted");
    }

    @Test
    void aGiveUpHandedOverTwiceIsCountedOnce() {
        Endpoint endpoint = register(receiver().answering(500));
        marketplace.disputeAwaitingSeller();
        deliver(endpoint);
        UUID deliveryId = UUID.fromString(deliveryIds(endpoint).get(0));
        OutboundGaveUp gaveUp = new OutboundGaveUp(deliveryId, WebhookPublisher.TOPIC, endpoint.id(), "HTTP 500",
                marketplace.now());

        inNewTransaction(() -> listener().on(gaveUp));
        inNewTransaction(() -> listener().on(gaveUp));

        JsonNode read = admin.api().get(WEBHOOKS + "/" + endpoint.id()).expect(200).json();
        assertThat(read.get("consecutiveGiveUps").asInt()).isEqualTo(1);
        assertThat(read.get("enabled").asBoolean()).isFalse();
        assertThat(disabled.of(UUID.fromString(endpoint.id()))).hasSize(1);
    }

    @Test
    void anAdminRedeliversADeliveryWithTheSameIdAndBody() {
        Endpoint endpoint = register(receiver());
        marketplace.disputeAwaitingSeller();
        Receiver.Request first = only(deliver(endpoint), "dispute.opened");
        String deliveryId = first.header("webhook-id");

        JsonNode pending = admin.api().post(WEBHOOKS + "/" + endpoint.id() + "/deliveries/" + deliveryId
                + "/redeliver", null).expect(200).json();
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        marketplace.advance(Duration.ofMinutes(1));
        outbound.deliverDue();

        List<Receiver.Request> requests = endpoint.receiver().requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header("webhook-id")).isEqualTo(deliveryId);
        assertThat(requests.get(1).body()).isEqualTo(first.body());
        assertThat(StandardWebhooksCheck.of(endpoint, requests.get(1))).isTrue();
        JsonNode delivery = delivery(endpoint, deliveryId);
        assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts")).hasSize(2);
        assertThat(admin.api().post(WEBHOOKS + "/" + endpoint.id() + "/deliveries/" + UUID.randomUUID()
                + "/redeliver", null).status()).isEqualTo(404);
    }

    @Test
    void webhookEventsAnEarlierVersionLeftOutstandingAreSentOnceAfterTheUpgrade() {
        Endpoint endpoint = register(receiver());
        Case dispute = marketplace.disputeAwaitingSeller();
        deliver(endpoint);
        MessagePosted waiting = sellerSays(dispute, "Written before");
        // The registry table as Spring Modulith 2.1 made it, holding the event as its serializer wrote it; V22 keeps
        // the table only while such rows are in it.
        jdbc.sql("""
                create table event_publication (
                    id uuid primary key, listener_id varchar(512) not null, event_type varchar(512) not null,
                    serialized_event varchar(4000) not null, publication_date timestamp with time zone not null,
                    completion_date timestamp with time zone, status varchar(20), completion_attempts integer,
                    last_resubmission_date timestamp with time zone)""").update();
        try {
            jdbc.sql("""
                    insert into event_publication (id, listener_id, event_type, serialized_event, publication_date)
                    values (:id, 'io.arbiter.webhook.WebhookPublisher.on(io.arbiter.dispute.DisputeEvent)', :type,
                            :event, current_timestamp)""")
                    .param("id", UUID.randomUUID()).param("type", MessagePosted.class.getName())
                    .param("event", json.writeValueAsString(waiting)).update();

            earlier.carryOver();
            earlier.carryOver();

            List<Receiver.Request> requests = deliver(endpoint);
            assertThat(types(requests)).containsExactly("dispute.opened", "dispute.message_posted");
            JsonNode posted = Api.JSON.readTree(only(requests, "dispute.message_posted").body());
            assertThat(posted.get("data").get("text").asString()).isEqualTo("Written before");
            assertThat(posted.get("sequence").asLong()).as("numbered after what the dispute sent before").isEqualTo(2);
            assertThat(jdbc.sql("select count(*) from event_publication where completion_date is null")
                    .query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("drop table event_publication").update();
        }
    }

    @Test
    void theListenerHandedTheSameEventTwiceSendsOneWebhook() {
        Endpoint endpoint = register(receiver());
        Case dispute = marketplace.disputeAwaitingSeller();
        deliver(endpoint);
        MessagePosted event = sellerSays(dispute, "Said once");

        inNewTransaction(() -> listener().on(event));
        // Handed over again later (after a restart), when the dispute has moved on and its snapshot differs.
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/contest",
                Map.of("statement", "It was fine when it left")).expect(200);
        inNewTransaction(() -> listener().on(event));

        assertThat(types(deliver(endpoint))).containsExactlyInAnyOrder("dispute.opened", "dispute.message_posted",
                "dispute.contested");
        assertThat(deliveryIds(endpoint)).hasSize(3);
    }

    // ------------------------------------------------------------------ helpers

    private Receiver receiver() {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    private Endpoint register(Receiver receiver, String... types) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", receiver.url());
        body.put("eventTypes", List.of(types));
        body.put("description", "test receiver");
        JsonNode created = admin.api().post(WEBHOOKS, body).expect(201).json();
        return new Endpoint(created.get("id").asString(), created.get("secret").asString(), receiver);
    }

    /** Sends what is due and answers what the endpoint's receiver got so far. */
    private List<Receiver.Request> deliver(Endpoint endpoint) {
        outbound.deliverDue();
        return endpoint.receiver().requests();
    }

    private List<String> deliveryIds(Endpoint endpoint) {
        return io.arbiter.support.Json.field(admin.api().get(WEBHOOKS + "/" + endpoint.id() + "/deliveries?size=100")
                .expect(200).json().get("items"), "id");
    }

    private JsonNode delivery(Endpoint endpoint, String deliveryId) {
        return admin.api().get(WEBHOOKS + "/" + endpoint.id() + "/deliveries/" + deliveryId).expect(200).json();
    }

    /** A message of the seller's, made here rather than posted: as the listener would be handed it. */
    private MessagePosted sellerSays(Case dispute, String text) {
        return new MessagePosted(UUID.fromString(dispute.id()), Party.SELLER, text,
                new Actor(dispute.seller().id(), Role.SELLER, "Seller"), marketplace.now());
    }

    private WebhookPublisher listener() {
        return AopTestUtils.getUltimateTargetObject(publisher);
    }

    /** As the publication registry runs a listener: in a transaction of its own. */
    private void inNewTransaction(Runnable work) {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        transaction.executeWithoutResult(status -> work.run());
    }

    private static boolean verify(Endpoint endpoint, Receiver.Request request, String body, Instant now)
            throws Exception {
        return ArbiterWebhooks.verify(endpoint.secret(), request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"),
                body.getBytes(StandardCharsets.UTF_8), now);
    }

    private static String type(Receiver.Request request) {
        return Api.JSON.readTree(request.body()).get("type").asString();
    }

    private static List<String> types(List<Receiver.Request> requests) {
        return requests.stream().map(WebhookApiTests::type).toList();
    }

    private static Receiver.Request only(List<Receiver.Request> requests, String type) {
        List<Receiver.Request> matching = requests.stream().filter(request -> type(request).equals(type)).toList();
        assertThat(matching).as("webhooks of type " + type + " among " + types(requests)).hasSize(1);
        return matching.get(0);
    }

    /** The independent verifier of the support package, as a second opinion on the README's. */
    private static final class StandardWebhooksCheck {

        static boolean of(Endpoint endpoint, Receiver.Request request) {
            return io.arbiter.support.StandardWebhooks.verify(endpoint.secret(), request.header("webhook-id"),
                    request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"));
        }
    }
}
