package io.arbiter.outbound;

import io.arbiter.support.Receiver;
import io.arbiter.support.StandardWebhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.outbound.OutboundTestConfiguration.CapturedEvents;
import io.arbiter.outbound.OutboundTestConfiguration.ChangingDns;
import io.arbiter.support.ApiTest;

/**
 * Delivery over real HTTP to a receiver on the loopback interface. The scheduled dispatcher is off: each
 * test steps the clock and runs the dispatcher itself.
 */
@TestPropertySource(properties = {
        "arbiter.outbound.dispatcher-enabled=false",
        "arbiter.outbound.allowed-hosts=127.0.0.1,localhost,receiver.arbiter.test"
})
@Import(OutboundTestConfiguration.class)
class OutboundDeliveryTests extends ApiTest {

    static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("32 bytes of a test signing key!!".getBytes(StandardCharsets.UTF_8));
    static final String PAYLOAD = "{\"instruction\":\"PI-1\",\"amount\":1500,\"currency\":\"EUR\",\"payee\":\"Zoë\"}";

    @Autowired
    Outbound outbound;
    @Autowired
    OutboundDispatcher dispatcher;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboundProperties properties;
    @Autowired
    CapturedEvents events;
    @Autowired
    ChangingDns dns;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private final List<Receiver> receivers = new ArrayList<>();

    @BeforeEach
    void emptyOutbox() {
        // The tests share one database; a message left pending by another test would be sent in this one.
        jdbc.sql("delete from outbound_attempt").update();
        jdbc.sql("delete from outbound_message").update();
        events.clear();
        dns.clear();
    }

    @AfterEach
    void closeReceivers() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void deliversOnceWithAVerifiableSignatureAndTheIdAsIdempotencyKey() {
        Receiver receiver = receiver();
        OutboundMessage message = message(receiver.url());
        outbound.enqueue(message, Duration.ofDays(1));
        assertThat(outbound.status(message.id())).hasValue(new MessageStatus(message.id(), "payout-instruction",
                message.reference(), "PENDING", 0, START, null));

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.body()).isEqualTo(PAYLOAD);
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Idempotency-Key")).isEqualTo(message.id().toString());
            assertThat(request.header("webhook-id")).isEqualTo(message.id().toString());
            assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(START.getEpochSecond()));
            assertThat(request.header("webhook-signature")).startsWith("v1,");
            assertThat(StandardWebhooks.verify(SECRET, request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.body(), request.header("webhook-signature"))).isTrue();
            assertThat(StandardWebhooks.verify(SECRET, request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.body().replace("1500", "15000"), request.header("webhook-signature"))).isFalse();
        });
        assertThat(outbound.status(message.id())).hasValue(new MessageStatus(message.id(), "payout-instruction",
                message.reference(), "DELIVERED", 1, null, START));
        assertThat(outbound.attempts(message.id())).singleElement().satisfies(attempt -> {
            assertThat(attempt.at()).isEqualTo(START);
            assertThat(attempt.statusCode()).isEqualTo(204);
            assertThat(attempt.error()).isNull();
            assertThat(attempt.durationMillis()).isNotNegative();
        });
        assertThat(events.of(OutboundDelivered.class)).containsExactly(
                new OutboundDelivered(message.id(), "payout-instruction", message.reference(), START));

        clock.advance(Duration.ofDays(2));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void sendsAMessageWithoutSecretUnsigned() {
        Receiver receiver = receiver();
        OutboundMessage message = new OutboundMessage(UUID.randomUUID(), "webhook", null, receiver.url(), null, "{}");
        outbound.enqueue(message, Duration.ofHours(1));

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.header("webhook-id")).isEqualTo(message.id().toString());
            assertThat(request.header("webhook-signature")).isNull();
        });
        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("DELIVERED");
    }

    @Test
    void retriesAFailingReceiverWithDoublingDelaysAndDeliversOnceItIsBack() {
        Receiver receiver = receiver().answering(500);
        OutboundMessage message = message(receiver.url());
        outbound.enqueue(message, Duration.ofDays(1));

        dispatcher.dispatchDue();
        assertThat(nextAttemptAt(message)).isEqualTo(START.plusSeconds(30));
        dispatcher.dispatchDue();
        clock.advance(Duration.ofSeconds(29));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).hasSize(2);
        assertThat(nextAttemptAt(message)).isEqualTo(START.plusSeconds(30 + 60));

        clock.set(START.plusSeconds(90));
        dispatcher.dispatchDue();
        assertThat(nextAttemptAt(message)).isEqualTo(START.plusSeconds(90 + 120));
        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("PENDING");

        receiver.answering(200);
        clock.set(START.plusSeconds(210));
        dispatcher.dispatchDue();

        assertThat(outbound.status(message.id())).hasValueSatisfying(status -> {
            assertThat(status.state()).isEqualTo("DELIVERED");
            assertThat(status.attempts()).isEqualTo(4);
            assertThat(status.deliveredAt()).isEqualTo(START.plusSeconds(210));
        });
        assertThat(outbound.attempts(message.id())).extracting(DeliveryAttempt::at, DeliveryAttempt::statusCode)
                .containsExactly(tuple(START, 500), tuple(START.plusSeconds(30), 500),
                        tuple(START.plusSeconds(90), 500), tuple(START.plusSeconds(210), 200));
        // The same id on every attempt, so the receiver can drop repeats; a fresh timestamp and signature each time.
        assertThat(receiver.requests()).extracting(request -> request.header("Idempotency-Key"))
                .containsOnly(message.id().toString());
        assertThat(receiver.requests()).extracting(request -> request.header("webhook-timestamp"))
                .containsExactly(epoch(START), epoch(START.plusSeconds(30)), epoch(START.plusSeconds(90)),
                        epoch(START.plusSeconds(210)));
        assertThat(receiver.requests()).allSatisfy(request -> assertThat(StandardWebhooks.verify(SECRET,
                request.header("webhook-id"), request.header("webhook-timestamp"), request.body(),
                request.header("webhook-signature"))).isTrue());
        assertThat(events.of(OutboundDelivered.class)).hasSize(1);
        assertThat(events.of(OutboundGaveUp.class)).isEmpty();
    }

    @Test
    void logsAnUnreachableReceiverAsAnErrorAndRetries() {
        OutboundMessage message = message(Receiver.closedUrl());
        outbound.enqueue(message, Duration.ofDays(1));

        dispatcher.dispatchDue();

        assertThat(outbound.attempts(message.id())).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.error()).containsIgnoringCase("connect");
        });
        assertThat(outbound.status(message.id())).hasValueSatisfying(status -> {
            assertThat(status.state()).isEqualTo("PENDING");
            assertThat(status.nextAttemptAt()).isEqualTo(START.plusSeconds(30));
        });
    }

    @Test
    void givesUpAtTheDeadlineAfterALastAttemptThenAndPublishesOutboundGaveUp() {
        Receiver receiver = receiver().answering(500);
        OutboundMessage message = message(receiver.url());
        outbound.enqueue(message, Duration.ofMinutes(2));

        dispatcher.dispatchDue();
        clock.set(START.plusSeconds(30));
        dispatcher.dispatchDue();
        clock.set(START.plusSeconds(90));
        dispatcher.dispatchDue();
        // Doubling would wait until +210s, past the deadline: the last attempt is made at the deadline instead.
        assertThat(nextAttemptAt(message)).isEqualTo(START.plusSeconds(120));
        assertThat(events.of(OutboundGaveUp.class)).isEmpty();

        clock.set(START.plusSeconds(120));
        dispatcher.dispatchDue();

        assertThat(outbound.status(message.id())).hasValue(new MessageStatus(message.id(), "payout-instruction",
                message.reference(), "GAVE_UP", 4, null, null));
        assertThat(events.of(OutboundGaveUp.class)).containsExactly(new OutboundGaveUp(message.id(),
                "payout-instruction", message.reference(), "HTTP 500", START.plusSeconds(120)));
        assertThat(outbound.attempts(message.id())).extracting(DeliveryAttempt::at).containsExactly(START,
                START.plusSeconds(30), START.plusSeconds(90), START.plusSeconds(120));

        clock.advance(Duration.ofDays(3));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).hasSize(4);
        assertThat(events.of(OutboundDelivered.class)).isEmpty();
    }

    @Test
    void redeliverSendsAGivenUpMessageAgainWithAFreshDeadlineAndKeepsTheLog() {
        Receiver receiver = receiver().answering(503);
        OutboundMessage message = message(receiver.url());
        outbound.enqueue(message, Duration.ofMinutes(1));
        dispatcher.dispatchDue();
        clock.set(START.plusSeconds(30));
        dispatcher.dispatchDue();
        clock.set(START.plusSeconds(60));
        dispatcher.dispatchDue();
        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("GAVE_UP");

        clock.set(START.plus(Duration.ofHours(5)));
        Instant redelivered = clock.instant();
        outbound.redeliver(message.id());
        assertThat(outbound.status(message.id())).hasValue(new MessageStatus(message.id(), "payout-instruction",
                message.reference(), "PENDING", 3, redelivered, null));

        dispatcher.dispatchDue();
        // The backoff starts over, and the new deadline (a minute from the redelivery) is not yet reached.
        assertThat(outbound.status(message.id())).hasValueSatisfying(status -> {
            assertThat(status.state()).isEqualTo("PENDING");
            assertThat(status.nextAttemptAt()).isEqualTo(redelivered.plusSeconds(30));
        });

        receiver.answering(202);
        clock.advance(Duration.ofSeconds(30));
        dispatcher.dispatchDue();

        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("DELIVERED");
        assertThat(outbound.attempts(message.id())).extracting(DeliveryAttempt::statusCode)
                .containsExactly(503, 503, 503, 503, 202);
        assertThat(receiver.requests()).hasSize(5);
        assertThat(events.of(OutboundGaveUp.class)).hasSize(1);
        assertThat(events.of(OutboundDelivered.class)).hasSize(1);
    }

    @Test
    void redeliverOfAnUnknownMessageIsNotFound() {
        assertThatThrownBy(() -> outbound.redeliver(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
        assertThat(outbound.attempts(UUID.randomUUID())).isEmpty();
        assertThat(outbound.status(UUID.randomUUID())).isEmpty();
    }

    @Test
    void twoDispatchersRacingNeverSendTheSameAttemptTwice() throws Exception {
        Receiver receiver = receiver().answering(500);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            OutboundMessage message = message(receiver.url());
            outbound.enqueue(message, Duration.ofDays(1));
            ids.add(message.id());
        }

        assertThat(dispatchFromTwoThreadsAtOnce()).isEqualTo(30);
        assertThat(requestsPerMessage(receiver)).hasSize(30).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(ids).allSatisfy(id -> assertThat(outbound.attempts(id)).hasSize(1));

        receiver.answering(204);
        clock.advance(Duration.ofSeconds(30));
        assertThat(dispatchFromTwoThreadsAtOnce()).isEqualTo(30);

        assertThat(requestsPerMessage(receiver)).hasSize(30).allSatisfy((id, count) -> assertThat(count).isEqualTo(2));
        assertThat(ids).allSatisfy(id -> {
            assertThat(outbound.attempts(id)).hasSize(2);
            assertThat(outbound.status(id).orElseThrow().state()).isEqualTo("DELIVERED");
        });
        assertThat(events.of(OutboundDelivered.class)).extracting(OutboundDelivered::messageId)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aCrashedDispatchersClaimIsTakenOverOnceItExpires() {
        Receiver receiver = receiver();
        OutboundMessage message = message(receiver.url());
        outbound.enqueue(message, Duration.ofDays(1));
        // Another instance claims the message and dies before sending it.
        Outbox.Due due = outbox.due(START, 10).get(0);
        assertThat(outbox.claim(due, START, START.plus(properties.claimTimeout()), UUID.randomUUID())).isTrue();

        dispatcher.dispatchDue();
        clock.advance(properties.claimTimeout().minusSeconds(1));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesToEnqueueForAPrivateAddressOrPlainHttpAndStoresNothing() {
        for (String url : List.of("https://10.1.2.3/hooks", "https://192.168.0.10/hooks", "https://169.254.169.254/x",
                "https://[::1]:8443/hooks", "https://[fd00::5]/hooks", "http://93.184.215.14/hooks")) {
            OutboundMessage message = message(url);
            assertThatThrownBy(() -> outbound.enqueue(message, Duration.ofDays(1)))
                    .isInstanceOfSatisfying(RuleViolationException.class, e -> assertThat(e.field()).isEqualTo("url"));
            assertThatThrownBy(() -> outbound.checkUrl(url)).isInstanceOf(RuleViolationException.class);
            assertThat(outbound.status(message.id())).isEmpty();
        }
        outbound.checkUrl("http://127.0.0.1:9/allow-listed");
        outbound.checkUrl("https://93.184.215.14/hooks");
    }

    @Test
    void checksTheAddressAgainBeforeEachAttempt() {
        dns.point("payouts.marketplace.test", "93.184.215.14");
        OutboundMessage message = message("https://payouts.marketplace.test/instructions");
        outbound.enqueue(message, Duration.ofDays(1));

        dns.point("payouts.marketplace.test", "10.0.0.7");
        dispatcher.dispatchDue();

        assertThat(outbound.attempts(message.id())).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.error()).startsWith("not sent").contains("10.0.0.7");
        });
        assertThat(outbound.status(message.id()).orElseThrow().nextAttemptAt()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void connectsToTheAddressThePolicyResolvedNotToWhatTheSystemsDnsSays() {
        // No DNS server knows this name: only the policy's resolver, which each connection asks once, does.
        Receiver receiver = receiver();
        dns.point("receiver.arbiter.test", "127.0.0.1");
        OutboundMessage message = message(receiver.url().replace("127.0.0.1", "receiver.arbiter.test"));
        outbound.enqueue(message, Duration.ofDays(1));
        int asked = dns.lookups("receiver.arbiter.test");

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(PAYLOAD));
        assertThat(dns.lookups("receiver.arbiter.test") - asked).as("resolved once, for the one connection")
                .isEqualTo(1);
        assertThat(outbound.status(message.id()).orElseThrow().state()).isEqualTo("DELIVERED");
    }

    @Test
    void aNameThatAnswersAPublicAddressFirstAndAnInternalOneNextIsNotConnectedTo() {
        Receiver receiver = receiver();
        dns.point("rebind.arbiter.test", "93.184.215.14");
        OutboundMessage message = message("https://rebind.arbiter.test:" + receiver.url().split(":")[2]);
        outbound.enqueue(message, Duration.ofDays(1));
        dns.point("rebind.arbiter.test", "127.0.0.1");

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).isEmpty();
        assertThat(outbound.attempts(message.id())).singleElement().satisfies(attempt ->
                assertThat(attempt.error()).startsWith("not sent").contains("127.0.0.1"));
    }

    @Test
    void aMessageEnqueuedInARolledBackTransactionIsNeverSent() {
        Receiver receiver = receiver();
        OutboundMessage message = message(receiver.url());
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            outbound.enqueue(message, Duration.ofDays(1));
            status.setRollbackOnly();
        });

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).isEmpty();
        assertThat(outbound.status(message.id())).isEmpty();
    }

    @Test
    void enqueuingTheSameMessageAgainInTheSameTransactionIsANoOp() {
        Receiver receiver = receiver();
        OutboundMessage message = message(receiver.url());
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            outbound.enqueue(message, Duration.ofDays(1));
            outbound.enqueue(message, Duration.ofDays(1));
        });
        OutboundMessage changed = new OutboundMessage(message.id(), message.topic(), message.reference(),
                message.url(), message.secret(), "{\"amount\":1}");
        assertThatIllegalStateException().isThrownBy(() -> outbound.enqueue(changed, Duration.ofDays(1)));

        dispatcher.dispatchDue();

        assertThat(receiver.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(PAYLOAD));
    }

    private int dispatchFromTwoThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> dispatched = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                dispatched.add(threads.submit(() -> {
                    start.await();
                    return dispatcher.dispatchDue();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> count : dispatched) {
                total += count.get(60, TimeUnit.SECONDS);
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<String, Long> requestsPerMessage(Receiver receiver) {
        return receiver.requests().stream()
                .collect(Collectors.groupingBy(request -> request.header("webhook-id"), Collectors.counting()));
    }

    private Instant nextAttemptAt(OutboundMessage message) {
        return outbound.status(message.id()).orElseThrow().nextAttemptAt();
    }

    private Receiver receiver() {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    private static OutboundMessage message(String url) {
        UUID id = UUID.randomUUID();
        return new OutboundMessage(id, "payout-instruction", "PI-" + id.toString().substring(0, 8), url, SECRET,
                PAYLOAD);
    }

    private static String epoch(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
