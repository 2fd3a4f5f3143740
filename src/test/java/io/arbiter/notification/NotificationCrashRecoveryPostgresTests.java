package io.arbiter.notification;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.arbiter.support.Api;
import io.arbiter.support.ArbiterProcess;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Nothing is lost: Arbiter runs as a separate process whose mail server does not answer, so every e-mail fails
 * and stays due; the process is killed. A second process on the same database,
 * with the mail server up, sends every e-mail once, and writes no inbox item twice.
 */
@PostgresTest
class NotificationCrashRecoveryPostgresTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void mailsThatFailedBeforeACrashGoOutOnceAfterTheRestartAndInboxItemsStaySingle() throws Exception {
        String database = PostgresDatabase.create();
        int smtpPort = ArbiterProcess.freePort();

        // First life: the demo marketplace and one new dispute; nothing listens on the SMTP port.
        int firstPort = ArbiterProcess.freePort();
        Process first = start(database, firstPort, smtpPort, "first");
        String disputeId = Api.anonymous(firstPort).withBasic("alice", "demo").post("/api/v1/disputes",
                        claim("ORD-1001", "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201).json().get("id").asString();
        Api samFirst = Api.anonymous(firstPort).withBasic("sam", "demo");
        String itemId = await().atMost(PATIENCE).until(() -> itemsAbout(samFirst, disputeId), items -> items.size() == 1)
                .get(0).get("id").asString();
        await().atMost(PATIENCE).alias("the e-mail for the new item was tried and failed")
                .until(() -> count(database, """
                        select count(*) from inbox_item where cast(id as varchar) = ? and mail_error is not null""",
                        itemId), failed -> failed == 1);
        await().atMost(PATIENCE).alias("every e-mail has been tried and has failed")
                .until(() -> count(database, """
                        select count(*) from inbox_item where mail_due_at is not null and mail_error is null"""),
                        untried -> untried == 0);
        long items = count(database, "select count(*) from inbox_item");
        assertThat(count(database, "select count(*) from inbox_item where mailed_at is null")).isEqualTo(items);

        first.destroyForcibly().waitFor();

        // Second life: the mail server is up; what was due is sent.
        GreenMail mailServer = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        try {
            int secondPort = ArbiterProcess.freePort();
            start(database, secondPort, smtpPort, "second");
            await().atMost(PATIENCE).alias("every e-mail that was due went out")
                    .until(() -> count(database, "select count(*) from inbox_item where mail_due_at is not null"),
                            outstanding -> outstanding == 0);

            assertThat(count(database, "select count(*) from inbox_item")).as("no item written twice").isEqualTo(items);
            assertThat(count(database, "select count(*) from inbox_item where mailed_at is null")).isZero();
            List<MimeMessage> sent = Arrays.asList(mailServer.getReceivedMessages());
            Set<String> ids = new TreeSet<>();
            for (MimeMessage mail : sent) {
                ids.add(mail.getMessageID());
            }
            assertThat(sent).as("one e-mail per inbox item").hasSize((int) items);
            assertThat(ids).as("no e-mail twice").hasSize((int) items);
            List<MimeMessage> toSam = sent.stream().filter(mail -> messageId(mail)
                    .equals("<inbox-" + itemId + "@localhost>")).toList();
            assertThat(toSam).hasSize(1);
            assertThat(toSam.get(0).getAllRecipients()[0].toString()).contains("sam@demo.arbiter.local");
            assertThat(toSam.get(0).getSubject()).isEqualTo("[Arbiter] Respond to the dispute on order ORD-1001");

            assertThat(itemsAbout(Api.anonymous(secondPort).withBasic("sam", "demo"), disputeId))
                    .extracting(item -> item.get("id").asString()).containsExactly(itemId);
        } finally {
            mailServer.stop();
        }
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

    private Process start(String database, int port, int smtpPort, String name) throws Exception {
        Process process = ArbiterProcess.start("notification-crash-" + name, database, port,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--arbiter.notification.retry-interval=2s");
        processes.add(process);
        return process;
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String database, String sql, String... params) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(database, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    }
}
