package io.arbiter.outbound;

import io.arbiter.support.Receiver;
import io.arbiter.support.StandardWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.ApiTest;

/** The dispatcher runs by itself when enabled: here the test waits for the receiver, never for a time. */
@TestPropertySource(properties = {
        "arbiter.outbound.dispatcher-enabled=true",
        "arbiter.outbound.poll-interval=50ms",
        "arbiter.outbound.allowed-hosts=127.0.0.1"
})
class OutboundSchedulingTests extends ApiTest {

    @Autowired
    Outbound outbound;

    @Test
    void theScheduledDispatcherDeliversWithoutBeingCalled() throws InterruptedException {
        try (Receiver receiver = Receiver.start()) {
            OutboundMessage message = new OutboundMessage(UUID.randomUUID(), "payout-instruction", "PI-9",
                    receiver.url(), null, "{\"instruction\":\"PI-9\"}");
            outbound.enqueue(message, Duration.ofHours(1));

            assertThat(receiver.awaitRequests(1, Duration.ofSeconds(20))).as("delivered within 20 s").isTrue();
            assertThat(receiver.requests()).singleElement()
                    .satisfies(request -> assertThat(request.header("webhook-id")).isEqualTo(message.id().toString()));
        }
    }
}
