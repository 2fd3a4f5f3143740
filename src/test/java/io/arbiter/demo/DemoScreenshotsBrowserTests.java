package io.arbiter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.arbiter.support.Api;
import io.arbiter.support.ArbiterProcess;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import tools.jackson.databind.JsonNode;

/**
 * The README's pictures, taken from the demo marketplace as {@code ./mvnw spring-boot:run} seeds it (its people, its
 * order numbers), each page checked for what it must show. With {@code -Darbiter.screenshots=docs/screenshots} the
 * pictures are written there; without it only the checks run.
 */
@BrowserTest
class DemoScreenshotsBrowserTests {

    private static Path directory;
    private static Process arbiter;
    private static int port;

    @BeforeAll
    static void startTheDemo() throws Exception {
        directory = Files.createTempDirectory("arbiter-demo-screenshots");
        port = ArbiterProcess.freePort();
        arbiter = ArbiterProcess.startIn(directory, "demo-screenshots", port,
                List.of("--arbiter.demo.enabled=true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (arbiter != null) {
            arbiter.destroy();
            arbiter.waitFor();
        }
        FileSystemUtils.deleteRecursively(directory);
    }

    @Test
    void aBuyerOnAPhoneSeesHerDisputeAndOpensAnother() {
        String defective = disputeOf("alice", "ORD-1007");
        try (Browser alice = new Browser(port, true)) {
            alice.logIn("alice", DemoLogin.PASSWORD).open("/disputes/" + defective).waitForText("ORD-1007");
            alice.screenshot("dispute-buyer-phone");

            alice.open("/orders/ORD-1001/dispute").waitForText("ORD-1001");
            assertThat(alice.text()).doesNotContain("ORD-1007");
            alice.screenshot("open-dispute-reason");

            String quality = disputeOf("alice", "ORD-1009");
            alice.open("/disputes/" + quality + "#evidence").waitForText("ORD-1009");
            alice.screenshot("dispute-evidence-phone");
        }
    }

    @Test
    void anAgentSeesACaseAndAnAdminTheirPage() {
        JsonNode underReview = Api.anonymous(port).withBasic("agnes", DemoLogin.PASSWORD).get("/api/v1/disputes")
                .expect(200).json().get("items").valueStream()
                .filter(d -> d.get("status").asString().equals("UNDER_REVIEW")).findFirst()
                .orElseThrow(() -> new AssertionError("the demo has no case under review"));
        String caseId = underReview.get("id").asString();
        String orderId = underReview.get("orderId").asString();
        try (Browser agnes = new Browser(port, false)) {
            agnes.logIn("agnes", DemoLogin.PASSWORD).open("/agent/disputes/" + caseId).waitForText(orderId);
            agnes.screenshot("agent-case");
        }
        try (Browser admin = new Browser(port, false)) {
            admin.logIn("admin", DemoLogin.PASSWORD).open("/admin").waitForText("Webhook");
            admin.screenshot("admin");
        }
    }

    private static String disputeOf(String username, String orderId) {
        JsonNode disputes = Api.anonymous(port).withBasic(username, DemoLogin.PASSWORD).get("/api/v1/disputes")
                .expect(200).json().get("items");
        return disputes.valueStream().filter(d -> d.get("orderId").asString().equals(orderId)).findFirst()
                .orElseThrow(() -> new AssertionError(username + " has no dispute on " + orderId)).get("id")
                .asString();
    }
}
