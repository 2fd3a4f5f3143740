package io.arbiter.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.scheduling.annotation.EnableScheduling;

/** E-mail is off unless a mail server is configured ({@code spring.mail.host}); the inbox is always on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
@EnableScheduling
class MailConfiguration {

    @Bean
    MailNotifier mailNotifier(Inbox inbox, JavaMailSender sender, Texts texts, Links links,
                              NotificationProperties properties) {
        return new MailNotifier(inbox, sender, texts, links, properties);
    }

    @Bean
    NotificationRetry notificationRetry(FailedEventPublications failed) {
        return new NotificationRetry(failed);
    }
}
