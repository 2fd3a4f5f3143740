package io.arbiter.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.arbiter.ArbiterApplication;
import io.arbiter.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The README's walkthrough: Arbiter as {@code ./mvnw spring-boot:run} starts it (demo marketplace, real clock,
 * db-scheduler polling), an admin moves the clock forward, and the demo's due times pass while the request waits.
 */
class DemoClockTests {

    @Test
    void anAdminMovesTheDemoClockForwardAndWatchesTheBuyersDueTimePass() {
        try (ConfigurableApplicationContext app = start()) {
            Api admin = api(app).withBasic("admin", "demo");
            Api alice = api(app).withBasic("alice", "demo");
            // ORD-1007: the seller offered 40.00 back; the buyer has five days to answer.
            String id = alice.get("/api/v1/disputes?orderId=ORD-1007").expect(200).json().get("items").get(0)
                    .get("id").asString();

            JsonNode moved = admin.post("/api/v1/admin/clock", Map.of("advanceBy", "P4D")).expect(200).json();
            assertThat(moved.get("offset").asString()).isEqualTo("PT96H");
            assertThat(moved.get("stillDue").asInt()).isZero();
            assertThat(alice.get("/api/v1/disputes/" + id).expect(200).json().get("status").asString())
                    .isEqualTo("AWAITING_BUYER");
            await().atMost(Duration.ofSeconds(30)).until(() -> kinds(alice, id).contains("DUE_TIME_APPROACHING"));

            admin.post("/api/v1/admin/clock", Map.of("advanceBy", "P1D")).expect(200);

            JsonNode dispute = alice.get("/api/v1/disputes/" + id).expect(200).json();
            assertThat(dispute.get("status").asString()).isEqualTo("RESOLVED");
            assertThat(dispute.get("outcome").get("settledBy").asString()).isEqualTo("DUE_TIME_PASSED");
            assertThat(dispute.get("outcome").get("refundToBuyer").asLong()).isEqualTo(4000);
            alice.post("/api/v1/admin/clock", Map.of("advanceBy", "P1D")).expect(403);
            admin.post("/api/v1/admin/clock", Map.of("advanceBy", "-P1D")).expect(422);
        }
    }

    /** The database the demo runs on: a fresh in-memory H2 one. */
    protected List<String> database() {
        return List.of("--spring.datasource.url=jdbc:h2:mem:demo-clock-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(database());
        arguments.addAll(List.of("--server.port=0", "--arbiter.demo.enabled=true",
                "--arbiter.security.bcrypt-strength=4", "--spring.datasource.hikari.maximum-pool-size=6"));
        return new SpringApplicationBuilder(ArbiterApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext app) {
        return Api.anonymous(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    private static List<String> kinds(Api person, String disputeId) {
        List<String> kinds = new ArrayList<>();
        person.get("/api/v1/inbox?size=100").expect(200).json().get("items").forEach(item -> {
            if (disputeId.equals(item.path("disputeId").asString())) {
                kinds.add(item.get("kind").asString());
            }
        });
        return kinds;
    }
}
