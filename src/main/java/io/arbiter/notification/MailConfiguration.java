package io.arbiter.notification;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.arbiter.common.RealTime;

/** E-mail is off unless a mail server is configured ({@code spring.mail.host}); the inbox is always on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
@EnableScheduling
class MailConfiguration {

    @Bean
    MailNotifier mailNotifier(Inbox inbox, JavaMailSender sender, Texts texts, Links links,
                              NotificationProperties properties, @RealTime Clock realTime) {
        return new MailNotifier(inbox, sender, texts, links, properties, realTime);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "arbiter.notification.mail-sender-enabled", matchIfMissing = true)
    MailPoller mailPoller(MailNotifier notifier) {
        return new MailPoller(notifier);
    }

    /** Runs the sender on every instance; each item's lease keeps instances from sending the same e-mail. */
    static class MailPoller {

        private final MailNotifier notifier;

        MailPoller(MailNotifier notifier) {
            this.notifier = notifier;
        }

        @Scheduled(fixedDelayString = "${arbiter.notification.mail-poll-interval:1s}",
                initialDelayString = "${arbiter.notification.mail-poll-interval:1s}")
        void sendDue() {
            notifier.sendDue();
        }
    }
}
