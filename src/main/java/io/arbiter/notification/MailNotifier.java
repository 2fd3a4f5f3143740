package io.arbiter.notification;

import java.io.UnsupportedEncodingException;
import java.util.Locale;
import java.util.StringJoiner;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.annotation.Propagation;

import io.arbiter.notification.Inbox.Unmailed;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends one e-mail per new inbox item whose recipient has an address, in the recipient's language. A send
 * that fails leaves the event publication incomplete: it is tried again by {@link NotificationRetry} and on the
 * next start. The item remembers that its e-mail went out, so a repeated delivery sends nothing more; only a
 * crash between the mail server's acceptance and that note can send one twice, and then with the same
 * Message-ID, which mail clients show once.
 */
class MailNotifier {

    private final Inbox inbox;
    private final JavaMailSender sender;
    private final Texts texts;
    private final Links links;
    private final NotificationProperties properties;

    MailNotifier(Inbox inbox, JavaMailSender sender, Texts texts, Links links, NotificationProperties properties) {
        this.inbox = inbox;
        this.sender = sender;
        this.texts = texts;
        this.links = links;
        this.properties = properties;
    }

    // Not in one transaction: each database step takes and returns its own connection, so that a slow or
    // silent mail server never holds one while it keeps us waiting.
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(InboxItemCreated created) {
        inbox.unmailed(created.itemId()).ifPresent(unmailed -> {
            sender.send(message(unmailed));
            inbox.mailed(created.itemId());
        });
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
            mail.setText(body(item, unmailed.recipient().displayName(), locale));
            message.setHeader("Content-Language", locale.toLanguageTag());
            message.setHeader("Auto-Submitted", "auto-generated");
            // The same item always has the same id: a copy sent again is recognisably the same message.
            message.setHeader("Message-ID", "<inbox-" + item.id() + "@" + links.host() + ">");
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("cannot write the e-mail for inbox item " + item.id(), e);
        }
        return message;
    }

    private String body(InboxItem item, String name, Locale locale) {
        StringJoiner body = new StringJoiner("\n");
        body.add(texts.message("mail.greeting", locale, name)).add("");
        body.add(item.text()).add("");
        if (item.dueAt() != null) {
            body.add(texts.message("mail.due", locale, Texts.time(item.dueAt(), locale)));
        }
        body.add(item.link() != null ? texts.message("mail.link", locale, item.link())
                : texts.message("mail.home", locale, links.home()));
        body.add("").add(texts.message("mail.signature", locale));
        body.add(texts.message("mail.footer", locale));
        return body.toString();
    }
}
