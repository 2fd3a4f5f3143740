package io.arbiter;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.upload.TusClient;
import io.arbiter.support.Api;
import io.arbiter.support.ArbiterProcess;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;
import io.arbiter.support.Receiver;
import io.arbiter.support.SampleFiles;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Arbiter runs as a separate process on the demo marketplace and is killed with three kinds of work in flight: its
 * mail server does not answer, so every e-mail has failed and stays due; its payout dispatcher is off, so the payout
 * instructions that decisions wrote were never sent; and it is killed in the middle of a tus PATCH, with the bytes
 * that arrived on disk and tus-java-server's record of the offset not. A second process on the same database and
 * storage, with the mail server and the dispatcher up, must finish each exactly once; each kind has its test. One
 * kill serves all three because the process starts are what these tests spend most on (a JVM with nothing warm, the
 * demo seeded), and none needs the others' work to be absent.
 */
@PostgresTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryPostgresTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PAYOUT_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "arbiter-demo-integration-key";

    private static final List<Process> processes = new ArrayList<>();
    private static String database;
    private static Receiver marketplace;
    private static GreenMail mailServer;
    private static int secondPort;
    @TempDir
    static Path storage;

    /**
     * What the first life left: the new dispute, the seller's item about it, every item, the unsent payouts, and
     * the upload cut short (its video and where it is).
     */
    private static String disputeId;
    private static String itemId;
    private static long itemsBeforeTheCrash;
    private static Set<String> payoutsWritten;
    private static final byte[] VIDEO = SampleFiles.mp4(3_000_000);
    private static final int BYTES_BEFORE_THE_CRASH = 1_000_000;
    private static String upload;

    @BeforeAll
    static void killTheFirstLifeWithWorkInFlightAndStartASecond() throws Exception {
        database = PostgresDatabase.create();
        marketplace = Receiver.start();
        int smtpPort = ArbiterProcess.freePort();

        // First life: nothing listens on the SMTP port; nothing is sent to the marketplace.
        int firstPort = ArbiterProcess.freePort();
        Process first = start(firstPort, smtpPort, false, "first");
        disputeId = Api.anonymous(firstPort).withBasic("alice", "demo").post("/api/v1/disputes",
                        claim("ORD-1001", "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201).json().get("id").asString();
        Api agent = Api.anonymous(firstPort).withBasic("agnes", "demo");
        String queued = agent.get("/api/v1/disputes?assignment=UNASSIGNED").expect(200).json()
                .get("items").get(0).get("id").asString();
        agent.post("/api/v1/disputes/" + queued + "/take", null).expect(200);
        agent.post("/api/v1/disputes/" + queued + "/decision",
                Map.of("resolution", Map.of("type", "FULL_REFUND"), "reasons", "Carrier photo shows another door"))
                .expect(200);

        Api samFirst = Api.anonymous(firstPort).withBasic("sam", "demo");
        itemId = await().atMost(PATIENCE).until(() -> itemsAbout(samFirst, disputeId), items -> items.size() == 1)
                .get(0).get("id").asString();
        await().atMost(PATIENCE).alias("the e-mail for the new item was tried and failed")
                .until(() -> count("""
                        select count(*) from inbox_item where cast(id as varchar) = ? and mail_error is not null""",
                        itemId), failed -> failed == 1);
        await().atMost(PATIENCE).alias("every e-mail has been tried and has failed")
                .until(() -> count("""
                        select count(*) from inbox_item where mail_due_at is not null and mail_error is null"""),
                        untried -> untried == 0);
        itemsBeforeTheCrash = count("select count(*) from inbox_item");
        assertThat(count("select count(*) from inbox_item where mailed_at is null")).isEqualTo(itemsBeforeTheCrash);
        payoutsWritten = payoutIds(Api.anonymous(firstPort).withBasic("admin", "demo"), "PENDING");
        assertThat(payoutsWritten).hasSizeGreaterThanOrEqualTo(3);
        assertThat(marketplace.requests()).isEmpty();

        upload = new TusClient(firstPort, "alice", "demo").create(disputeId, VIDEO.length, Map.of(
                "kind", "video", "description", "The seam opening", "requirement", "DEFECTS",
                "filename", "seam.mp4")).expect(201).header("Location");
        Path data = storage.resolve("tus").resolve("uploads")
                .resolve(upload.substring(upload.lastIndexOf('/') + 1)).resolve("data");
        try (Socket socket = new Socket("localhost", firstPort)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + upload + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString(
                    "alice:demo".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
                    + "Upload-Offset: 0\r\nContent-Length: " + VIDEO.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(VIDEO, 0, BYTES_BEFORE_THE_CRASH);
            out.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(data) && Files.size(data) == BYTES_BEFORE_THE_CRASH);
            first.destroyForcibly().waitFor();
        }

        // Second life: the mail server is up and the dispatcher on.
        mailServer = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        secondPort = ArbiterProcess.freePort();
        start(secondPort, smtpPort, true, "second");
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroyForcibly);
        if (mailServer != null) {
            mailServer.stop();
        }
        if (marketplace != null) {
            marketplace.close();
        }
    }

    /** First: it counts every inbox item, and the other tests' confirmations and evidence may add some. */
    @Test
    @Order(1)
    void mailsThatFailedBeforeTheCrashGoOutOnceAfterTheRestartAndInboxItemsStaySingle() throws Exception {
        await().atMost(PATIENCE).alias("every e-mail that was due went out")
                .until(() -> count("select count(*) from inbox_item where mail_due_at is not null"),
                        outstanding -> outstanding == 0);

        assertThat(count("select count(*) from inbox_item")).as("no item written twice").isEqualTo(itemsBeforeTheCrash);
        assertThat(count("select count(*) from inbox_item where mailed_at is null")).isZero();
        List<MimeMessage> sent = Arrays.asList(mailServer.getReceivedMessages());
        Set<String> ids = new TreeSet<>();
        for (MimeMessage mail : sent) {
            ids.add(mail.getMessageID());
        }
        assertThat(sent).as("one e-mail per inbox item").hasSize((int) itemsBeforeTheCrash);
        assertThat(ids).as("no e-mail twice").hasSize((int) itemsBeforeTheCrash);
        List<MimeMessage> toSam = sent.stream().filter(mail -> messageId(mail)
                .equals("<inbox-" + itemId + "@localhost>")).toList();
        assertThat(toSam).hasSize(1);
        assertThat(toSam.get(0).getAllRecipients()[0].toString()).contains("sam@demo.arbiter.local");
        assertThat(toSam.get(0).getSubject()).isEqualTo("[Arbiter] Respond to the dispute on order ORD-1001");

        assertThat(itemsAbout(Api.anonymous(secondPort).withBasic("sam", "demo"), disputeId))
                .extracting(item -> item.get("id").asString()).containsExactly(itemId);
    }

    @Test
    @Order(2)
    void payoutInstructionsWrittenBeforeTheCrashAreDeliveredAndBookedExactlyOnceAfterTheRestart() throws Exception {
        assertThat(marketplace.awaitRequests(payoutsWritten.size(), Duration.ofSeconds(60)))
                .as("every instruction written before the crash reaches the marketplace").isTrue();
        Api integration = Api.anonymous(secondPort).with("X-Api-Key", API_KEY);
        Set<String> received = new TreeSet<>();
        marketplace.requests().forEach(request -> received.add(request.header("Idempotency-Key")));
        assertThat(received).isEqualTo(payoutsWritten);
        for (String id : received) {
            integration.post("/api/v1/payouts/" + id + "/confirm", null).expect(200);
        }
        integration.post("/api/v1/payouts/" + received.iterator().next() + "/confirm", null).expect(200);

        Api admin = Api.anonymous(secondPort).withBasic("admin", "demo");
        assertThat(payoutIds(admin, "CONFIRMED")).containsAll(payoutsWritten);
        for (String id : payoutsWritten) {
            assertThat(count("select count(*) from ledger_journal where source_key = ?", "instruction:" + id))
                    .as("journals of instruction " + id).isEqualTo(1);
        }
        JsonNode reconciliation = admin.get("/api/v1/reconciliation").expect(200).json();
        assertThat(reconciliation.get("consistent").asBoolean()).as(reconciliation.toString()).isTrue();
    }

    @Test
    @Order(3)
    void afterAKillInTheMiddleOfAPatchTheUploadResumesFromTheBytesOnDisk() {
        TusClient alice = new TusClient(secondPort, "alice", "demo");
        assertThat(alice.head(upload).expect(204).header("Upload-Offset"))
                .isEqualTo(String.valueOf(BYTES_BEFORE_THE_CRASH));
        Api.Response stale = alice.patch(upload, 0, VIDEO).expect(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        String evidence = alice.patch(upload, BYTES_BEFORE_THE_CRASH,
                        Arrays.copyOfRange(VIDEO, BYTES_BEFORE_THE_CRASH, VIDEO.length))
                .expect(204).header("Evidence-Location");

        assertThat(Api.anonymous(secondPort).withBasic("alice", "demo").get(evidence).expect(200).json()
                .at("/file/sha256").asString()).isEqualTo(Sha256.hex(VIDEO));
    }

    private static Process start(int port, int smtpPort, boolean dispatch, String life) throws Exception {
        Process process = ArbiterProcess.start("crash-recovery-" + life, database, port,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--arbiter.notification.retry-interval=2s",
                "--arbiter.settlement.provider=marketplace",
                "--arbiter.settlement.payout-url=" + marketplace.url() + "payouts",
                "--arbiter.settlement.secret=" + PAYOUT_SECRET,
                "--arbiter.outbound.allowed-hosts=127.0.0.1,localhost",
                "--arbiter.outbound.dispatcher-enabled=" + dispatch,
                "--arbiter.outbound.poll-interval=200ms",
                "--arbiter.evidence.storage.directory=" + storage);
        processes.add(process);
        return process;
    }

    private static List<JsonNode> itemsAbout(Api person, String disputeId) {
        List<JsonNode> found = new ArrayList<>();
        person.get("/api/v1/inbox?size=100").expect(200).json().get("items").forEach(item -> {
            if (item.has("disputeId") && item.get("disputeId").asString().equals(disputeId)) {
                found.add(item);
            }
        });
        return found;
    }

    private static Set<String> payoutIds(Api admin, String status) {
        Set<String> ids = new TreeSet<>();
        admin.get("/api/v1/payouts?status=" + status).expect(200).json().forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql, String... params) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database, PostgresDatabase.USER,
                PostgresDatabase.PASSWORD); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
