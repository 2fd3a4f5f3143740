package io.arbiter.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ArbiterProcess;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;
import io.arbiter.support.Receiver;
import tools.jackson.databind.JsonNode;

/**
 * The process dies after writing payout instructions and before calling the payment side. A second process on
 * the same database delivers them, the marketplace confirms, and each is booked exactly once.
 */
@PostgresTest
class PayoutCrashRecoveryPostgresTests {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "arbiter-demo-integration-key";

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void instructionsWrittenBeforeACrashAreDeliveredAndBookedExactlyOnceAfterARestart() throws Exception {
        String database = PostgresDatabase.create();
        try (Receiver marketplace = Receiver.start()) {
            // First life: the demo decides disputes and the agent decides one more; nothing is ever sent.
            int firstPort = ArbiterProcess.freePort();
            Process first = start(database, firstPort, marketplace, false, "first");
            Api agent = Api.anonymous(firstPort).withBasic("agnes", "demo");
            String queued = agent.get("/api/v1/disputes?assignment=UNASSIGNED").expect(200).json()
                    .get("items").get(0).get("id").asString();
            agent.post("/api/v1/disputes/" + queued + "/take", null).expect(200);
            agent.post("/api/v1/disputes/" + queued + "/decision",
                    Map.of("resolution", Map.of("type", "FULL_REFUND"), "reasons", "Carrier photo shows another door"))
                    .expect(200);
            Set<String> written = payoutIds(Api.anonymous(firstPort).withBasic("admin", "demo"), "PENDING");
            assertThat(written).hasSizeGreaterThanOrEqualTo(3);
            assertThat(marketplace.requests()).isEmpty();

            first.destroyForcibly().waitFor();

            // Second life: the outbox is delivered; the marketplace confirms each instruction (one twice).
            int secondPort = ArbiterProcess.freePort();
            start(database, secondPort, marketplace, true, "second");
            assertThat(marketplace.awaitRequests(written.size(), Duration.ofSeconds(60)))
                    .as("every instruction written before the crash reaches the marketplace").isTrue();
            Api integration = Api.anonymous(secondPort).with("X-Api-Key", API_KEY);
            Set<String> received = new TreeSet<>();
            marketplace.requests().forEach(request -> received.add(request.header("Idempotency-Key")));
            assertThat(received).isEqualTo(written);
            for (String id : received) {
                integration.post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
            }
            integration.post("/api/v1/payouts/" + received.iterator().next() + "/confirm", null).expect(200);

            Api admin = Api.anonymous(secondPort).withBasic("admin", "demo");
            assertThat(payoutIds(admin, "CONFIRMED")).containsAll(written);
            for (String id : written) {
                assertThat(journals(database, id)).as("journals of instruction " + id).isEqualTo(1);
            }
            JsonNode reconciliation = admin.get("/api/v1/reconciliation").expect(200).json();
            assertThat(reconciliation.get("consistent").asBoolean()).as(reconciliation.toString()).isTrue();
        }
    }

    private Process start(String database, int port, Receiver marketplace, boolean dispatch, String name)
            throws Exception {
        Process process = ArbiterProcess.start("crash-test-" + name, database, port,
                "--arbiter.settlement.provider=marketplace",
                "--arbiter.settlement.payout-url=" + marketplace.url() + "payouts",
                "--arbiter.settlement.secret=" + SECRET,
                "--arbiter.outbound.allowed-hosts=127.0.0.1,localhost",
                "--arbiter.outbound.dispatcher-enabled=" + dispatch,
                "--arbiter.outbound.poll-interval=200ms");
        processes.add(process);
        return process;
    }

    private static Set<String> payoutIds(Api admin, String status) {
        Set<String> ids = new TreeSet<>();
        admin.get("/api/v1/payouts?status=" + status).expect(200).json().forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }

    private static long journals(String database, String instructionId) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
             ResultSet rows = connection.createStatement().executeQuery(
                     "select count(*) from ledger_journal where source_key = 'instruction:" + instructionId + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }


}
