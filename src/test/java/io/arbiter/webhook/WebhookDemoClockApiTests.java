package io.arbiter.webhook;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.standardwebhooks.Webhook;

import io.arbiter.outbound.Outbound;
import io.arbiter.support.Api;
import io.arbiter.support.DemoServer;
import io.arbiter.support.Receiver;
import tools.jackson.databind.JsonNode;

/**
 * The demo's clock moves business time only: after an admin moved it two days on, a webhook still carries a
 * {@code webhook-timestamp} of the real time, which the Standard Webhooks reference verifier and the README's
 * receiver both accept, while what it reports happened two days on. Runs on real clocks, as the demo does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        DemoServer.PROPERTIES,
        "arbiter.outbound.allowed-hosts=127.0.0.1,localhost"
})
class WebhookDemoClockApiTests {

    @LocalServerPort
    int port;
    @Autowired
    Outbound outbound;

    private final Receiver receiver = Receiver.start();

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void webhooksAreSignedWithTheRealTimeAfterTheDemoClockMoved() throws Exception {
        Api admin = Api.anonymous(port).withBasic("admin", "demo");
        String secret = admin.post("/api/v1/admin/webhooks", Map.of("url", receiver.url(),
                "eventTypes", List.of("dispute.opened"))).expect(201).json().get("secret").asString();
        admin.post("/api/v1/admin/clock", Map.of("advanceBy", "P2D")).expect(200);

        Api.anonymous(port).withBasic("alice", "demo").post("/api/v1/disputes",
                claim("ORD-1001", "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))).expect(201);
        outbound.deliverDue();

        assertThat(receiver.requests()).hasSize(1);
        Receiver.Request webhook = receiver.requests().get(0);
        Instant now = Instant.now();
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(webhook.header("webhook-timestamp")));
        assertThat(Duration.between(signedAt, now).abs()).isLessThan(Duration.ofMinutes(1));
        JsonNode body = Api.JSON.readTree(webhook.body());
        assertThat(Instant.parse(body.get("occurredAt").asString())).as("business time moved")
                .isAfter(now.plus(Duration.ofDays(1)));

        assertThatCode(() -> new Webhook(secret).verify(webhook.body(), Map.of(
                "webhook-id", List.of(webhook.header("webhook-id")),
                "webhook-timestamp", List.of(webhook.header("webhook-timestamp")),
                "webhook-signature", List.of(webhook.header("webhook-signature")))))
                .as("the Standard Webhooks reference verifier").doesNotThrowAnyException();
        assertThat(ArbiterWebhooks.verify(secret, webhook.header("webhook-id"), webhook.header("webhook-timestamp"),
                webhook.header("webhook-signature"), webhook.body().getBytes(StandardCharsets.UTF_8), Instant.now()))
                .as("the README's receiver").isTrue();
    }
}
