package io.arbiter.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.notification.*}. E-mail itself is on when {@code spring.mail.host} is set (with
 * {@code spring.mail.port}, {@code spring.mail.username}, {@code spring.mail.password}); failed e-mails are
 * tried again every {@code arbiter.notification.retry-interval} (default 5 minutes).
 *
 * @param mail          {@code from}: the sender of every e-mail, such as {@code Arbiter <disputes@example.com>}
 * @param retryInterval how long after a failed e-mail it is tried again
 */
@ConfigurationProperties("arbiter.notification")
record NotificationProperties(Mail mail, Duration retryInterval) {

    NotificationProperties {
        mail = mail == null ? new Mail(null) : mail;
        retryInterval = retryInterval == null ? Duration.ofMinutes(5) : retryInterval;
    }

    record Mail(String from) {

        Mail {
            from = from == null || from.isBlank() ? "Arbiter <arbiter@localhost>" : from;
        }
    }
}
