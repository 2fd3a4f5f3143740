package io.arbiter.notification;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.Locale;
import java.util.StringJoiner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import io.arbiter.notification.Inbox.Unmailed;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends one e-mail per inbox item that is due for one ({@code inbox_item.mail_due_at}, set when the item is written
 * with the change, if the recipient has an address), in the recipient's language. Every instance polls; each item
 * is taken for a lease before it is sent, so no two instances send it. A send that fails is tried again after
 * {@code arbiter.notification.retry-interval}, as is one whose instance died while sending (its lease runs out).
 * Only a crash between the mail server's acceptance and the note that it went out can send one twice, and then with
 * the same Message-ID, which mail clients show once.
 */
class MailNotifier {

    private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);
    private static final int BATCH = 50;
    /** Longer than the mail client's timeouts (10 s each for connecting, reading and writing) allow one send. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final Inbox inbox;
    private final JavaMailSender sender;
    private final Texts texts;
    private final Links links;
    private final NotificationProperties properties;
    private final Clock realTime;

    MailNotifier(Inbox inbox, JavaMailSender sender, Texts texts, Links links, NotificationProperties properties,
                 Clock realTime) {
        this.inbox = inbox;
        this.sender = sender;
        this.texts = texts;
        this.links = links;
        this.properties = properties;
        this.realTime = realTime;
    }

    /**
     * Sends the e-mails that are due now (the poller in {@link MailConfiguration} calls it every second). Returns
     * how many went out. Not in one transaction: each database step takes and returns its own connection, so that a
     * slow or silent mail server never holds one while it keeps us waiting.
     */
    int sendDue() {
        int sent = 0;
        List<Unmailed> due;
        do {
            due = inbox.takeDueMail(realTime.instant(), BATCH, LEASE);
            for (Unmailed unmailed : due) {
                if (send(unmailed)) {
                    sent++;
                }
            }
        } while (due.size() == BATCH);
        return sent;
    }

    private boolean send(Unmailed unmailed) {
        UUID id = unmailed.item().id();
        try {
            sender.send(message(unmailed));
        } catch (RuntimeException failed) {
            Instant next = realTime.instant().plus(properties.retryInterval());
            log.warn("the e-mail for inbox item {} failed (attempt {}), trying again at {}: {}", id,
                    unmailed.attempt(), next, failed.toString());
            inbox.mailFailed(id, failed.toString(), next);
            return false;
        }
        inbox.mailed(id);
        return true;
    }

    private MimeMessage message(Unmailed unmailed) {
        InboxItem item = unmailed.item();
        Locale locale = Texts.locale(unmailed.recipient().locale());
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper mail = new MimeMessageHelper(message, "UTF-8");
            mail.setFrom(properties.mail().from());
            mail.setTo(new InternetAddress(unmailed.recipient().email(), unmailed.recipient().displayName(), "UTF-8"));
            mail.setSubject(texts.message("mail.subject", locale, item.title()));
            mail.setText(body(item, unmailed.recipient().displayName(), locale, unmailed.zone()));
            message.setHeader("Content-Language", locale.toLanguageTag());
            message.setHeader("Auto-Submitted", "auto-generated");
            // The same item always has the same id: a copy sent again is recognisably the same message.
            message.setHeader("Message-ID", "<inbox-" + item.id() + "@" + links.host() + ">");
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("cannot write the e-mail for inbox item " + item.id(), e);
        }
        return message;
    }

    private String body(InboxItem item, String name, Locale locale, ZoneId zone) {
        StringJoiner body = new StringJoiner("\n");
        body.add(texts.message("mail.greeting", locale, name)).add("");
        body.add(item.text()).add("");
        if (item.dueAt() != null) {
            body.add(texts.message("mail.due", locale, Texts.time(item.dueAt(), locale, zone)));
        }
        body.add(item.link() != null ? texts.message("mail.link", locale, item.link())
                : texts.message("mail.home", locale, links.home()));
        body.add("").add(texts.message("mail.signature", locale));
        body.add(texts.message("mail.footer", locale));
        return body.toString();
    }
}
