package io.arbiter.notification;

import static io.arbiter.notification.Notices.PATIENCE;
import static io.arbiter.notification.Notices.awaitItem;
import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import io.arbiter.common.SqlTime;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * E-mails go over SMTP to a real mail server on the loopback interface (GreenMail): one per inbox item, to the
 * recipient's address, in the recipient's language, with a link to the dispute; a mail server that is down
 * delays them and never loses or doubles them.
 */
class NotificationMailTests extends ApiTest {

    private static final int SMTP_PORT = freePort();
    private static final String PUBLIC_URL = "https://disputes.marketplace.test";

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("arbiter.notification.mail.from", () -> "Marketplace Disputes <disputes@marketplace.test>");
        registry.add("arbiter.public-url", () -> PUBLIC_URL);
        registry.add("arbiter.notification.retry-interval", () -> "1s");
    }

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private MailNotifier mail;
    @Autowired
    private Inbox inbox;

    private Notices notices;

    @BeforeEach
    void notices() {
        notices = new Notices(jdbc);
    }

    @Test
    void mailsTheSellerWhatIsAskedByWhenAndWhereToAnswer() throws Exception {
        Case dispute = marketplace.disputeAwaitingSeller();
        String itemId = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM").get("id").asString();

        MimeMessage mail = awaitMailTo(dispute.seller()).get(0);
        assertThat(addresses(mail.getAllRecipients())).containsExactly(address(dispute.seller()));
        assertThat(addresses(mail.getFrom())).containsExactly("disputes@marketplace.test");
        assertThat(mail.getSubject()).isEqualTo("[Arbiter] Respond to the dispute on order " + dispute.orderId());
        assertThat(body(mail))
                .startsWith("Hello Seller " + dispute.seller().username() + ",\n\n")
                .contains("opened a dispute on order " + dispute.orderId() + ": quality issue. They ask for a full"
                        + " refund with return.")
                .contains("by March 7, 2026, 10:00 UTC.")
                .contains("\nDue by: March 7, 2026, 10:00 UTC\n")
                .contains("\nOpen the dispute: " + PUBLIC_URL + "/disputes/" + dispute.id() + "\n");
        assertThat(mail.getHeader("Content-Language", null)).isEqualTo("en");
        assertThat(mail.getMessageID()).isEqualTo("<inbox-" + itemId + "@disputes.marketplace.test>");

        notices.awaitSettled(dispute.id());
        notices.awaitSettled(itemId);
        assertThat(mailsTo(dispute.buyer())).as("the buyer is asked nothing").isEmpty();
        assertThat(mailsTo(dispute.seller())).hasSize(1);
    }

    @Test
    void writesToEachPersonInTheirOwnLanguageAndInEnglishWhenArbiterDoesNotSpeakIt() throws Exception {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        speaks(seller, "es-MX");
        speaks(buyer, "de");
        String orderId = marketplace.deliveredOrder(buyer, seller);
        String disputeId = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json()
                .get("id").asString();

        MimeMessage toSeller = awaitMailTo(seller).get(0);
        assertThat(toSeller.getSubject()).isEqualTo("[Arbiter] Responde a la disputa del pedido " + orderId);
        assertThat(body(toSeller))
                .startsWith("Hola, Seller " + seller.username() + ":\n\n")
                .contains("ha abierto una disputa sobre el pedido " + orderId + ": problema de calidad. Pide un"
                        + " reembolso completo con devolución.")
                .contains("antes del 7 de marzo de 2026, 10:00 UTC.")
                .contains("\nPlazo: 7 de marzo de 2026, 10:00 UTC\n")
                .contains("\nAbre la disputa: " + PUBLIC_URL + "/disputes/" + disputeId + "\n");
        assertThat(toSeller.getHeader("Content-Language", null)).isEqualTo("es-MX");
        JsonNode item = awaitItem(seller, disputeId, "RESPOND_TO_CLAIM");
        assertThat(item.get("title").asString()).as("the inbox speaks the same language")
                .isEqualTo("Responde a la disputa del pedido " + orderId);

        seller.api().post("/api/v1/disputes/" + disputeId + "/offers",
                Map.of("resolution", partialRefund(1250), "note", "¿Le parece bien?")).expect(200);
        MimeMessage toBuyer = awaitMailTo(buyer).get(0);
        assertThat(toBuyer.getSubject()).isEqualTo("[Arbiter] New offer on order " + orderId);
        assertThat(body(toBuyer)).contains("offers a partial refund of 12.50 EUR. Note: “¿Le parece bien?”")
                .contains("Due by: March 7, 2026, 10:00 UTC");
        assertThat(toBuyer.getHeader("Content-Language", null)).as("no German bundle: all English").isEqualTo("en");
    }

    @Test
    void writesTimesInTheZoneTheReaderPickedAndInTheMarketplacesUntilThen() throws Exception {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        seller.api().put("/api/v1/me/settings", Map.of("timeZone", "Asia/Tokyo")).expect(200);
        String orderId = marketplace.deliveredOrder(buyer, seller);
        String disputeId = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json()
                .get("id").asString();

        assertThat(body(awaitMailTo(seller).get(0))).as("10:00 UTC is 19:00 in Tokyo")
                .contains("by March 7, 2026, 19:00 Asia/Tokyo.")
                .contains("\nDue by: March 7, 2026, 19:00 Asia/Tokyo\n");
        assertThat(awaitItem(seller, disputeId, "RESPOND_TO_CLAIM").get("text").asString())
                .contains("March 7, 2026, 19:00 Asia/Tokyo");

        seller.api().post("/api/v1/disputes/" + disputeId + "/offers",
                Map.of("resolution", partialRefund(1250), "note", "Half")).expect(200);
        assertThat(body(awaitMailTo(buyer).get(0))).as("the buyer picked no zone: the marketplace's")
                .contains("Due by: March 7, 2026, 10:00 UTC");
    }

    @Test
    void refusesAZoneThatIsNotAnIanaZoneIdNamingTheField() {
        Person buyer = marketplace.buyer();

        for (String notAZone : List.of("+02:00", "Mars/Olympus", "CET-1", "")) {
            JsonNode problem = buyer.api().put("/api/v1/me/settings", Map.of("timeZone", notAZone)).expect(422)
                    .json();
            assertThat(problem.get("errors").get(0).get("field").asString()).as(notAZone).isEqualTo("timeZone");
        }
        assertThat(buyer.api().get("/api/v1/me/settings").expect(200).json().has("timeZone"))
                .as("nothing stored: the marketplace's zone still applies").isFalse();
    }

    @Test
    void mailsNobodyWithoutAnAddressButStillFillsTheirInbox() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        jdbc.sql("update app_user set email = null where id = :id").param("id", seller.id()).update();
        String orderId = marketplace.deliveredOrder(buyer, seller);
        String disputeId = buyer.api().post("/api/v1/disputes",
                claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json().get("id").asString();

        String itemId = awaitItem(seller, disputeId, "RESPOND_TO_CLAIM").get("id").asString();
        notices.awaitSettled(itemId);
        assertThat(Arrays.stream(mailServer.getReceivedMessages()).filter(mail -> body(mail).contains(disputeId)))
                .isEmpty();
    }

    @Test
    void sendsTheMailOnceTheMailServerIsBackAndNeverTwice() {
        Case dispute;
        String itemId;
        mailServer.stop();
        try {
            dispute = marketplace.disputeAwaitingSeller();
            itemId = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM").get("id").asString();
            await().atMost(PATIENCE).until(() -> failedMailings(itemId), failed -> failed == 1);
        } finally {
            mailServer.start();
        }
        assertThat(mailsTo(dispute.seller())).isEmpty();

        // Tried again by the poller once a retry interval has passed, now that the server is back.
        marketplace.advance(Duration.ofSeconds(2));
        assertThat(awaitMailTo(dispute.seller())).hasSize(1);
        notices.awaitSettled(itemId);
        assertThat(mail.sendDue()).as("nothing is due any more").isZero();
        assertThat(mailsTo(dispute.seller())).hasSize(1);
        assertThat(jdbc.sql("select count(*) from inbox_item where id = cast(:id as uuid) and mail_error is null")
                .param("id", itemId).query(Long.class).single()).as("the failure is forgotten once it went out")
                .isOne();
    }

    @Test
    void twoSendersLookingAtTheSameDueItemTakeItOnce() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String itemId = awaitItem(dispute.seller(), dispute.id(), "RESPOND_TO_CLAIM").get("id").asString();
        notices.awaitSettled(itemId);
        // As if its e-mail were due again, an hour from now: the running poller leaves it, both senders look later.
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        jdbc.sql("update inbox_item set mailed_at = null, mail_due_at = :due where id = cast(:id as uuid)")
                .param("due", SqlTime.of(inAnHour)).param("id", itemId).update();
        Instant later = inAnHour.plus(Duration.ofMinutes(1));

        List<Inbox.Unmailed> first = inbox.takeDueMail(later, 50, Duration.ofMinutes(2));
        List<Inbox.Unmailed> second = inbox.takeDueMail(later, 50, Duration.ofMinutes(2));

        assertThat(first).extracting(taken -> taken.item().id().toString()).contains(itemId);
        assertThat(second).extracting(taken -> taken.item().id().toString()).doesNotContain(itemId);
        inbox.mailed(first.get(0).item().id());
    }

    private long failedMailings(String itemId) {
        return jdbc.sql("""
                        select count(*) from inbox_item
                        where id = cast(:item as uuid) and mailed_at is null and mail_error is not null""")
                .param("item", itemId).query(Long.class).single();
    }

    private void speaks(Person person, String languageTag) {
        jdbc.sql("update app_user set locale = :tag where id = :id").param("tag", languageTag).param("id", person.id())
                .update();
    }

    private static List<MimeMessage> awaitMailTo(Person person) {
        return await().atMost(PATIENCE).until(() -> mailsTo(person), mails -> !mails.isEmpty());
    }

    private static List<MimeMessage> mailsTo(Person person) {
        return Arrays.stream(mailServer.getReceivedMessages())
                .filter(mail -> addresses(recipients(mail)).contains(address(person))).toList();
    }

    private static String address(Person person) {
        return person.username() + "@example.com";
    }

    private static Address[] recipients(MimeMessage mail) {
        try {
            return mail.getAllRecipients();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of()
                : Arrays.stream(addresses).map(address -> ((InternetAddress) address).getAddress()).toList();
    }

    private static String body(MimeMessage mail) {
        try {
            return ((String) mail.getContent()).replace("\r\n", "\n");
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
