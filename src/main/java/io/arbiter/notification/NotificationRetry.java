package io.arbiter.notification;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Tries failed e-mails again while Arbiter runs (the registry by itself republishes only on start): an e-mail
 * that failed because the mail server was down goes out once it is back. Only e-mails: the same dispute event
 * may have failed for another module's listener, which is that module's to retry. Sending is idempotent, so
 * retrying one that did get through sends nothing.
 */
class NotificationRetry {

    private final FailedEventPublications failed;

    NotificationRetry(FailedEventPublications failed) {
        this.failed = failed;
    }

    @Scheduled(fixedDelayString = "${arbiter.notification.retry-interval:5m}",
            initialDelayString = "${arbiter.notification.retry-interval:5m}")
    void retryFailed() {
        failed.resubmit(ResubmissionOptions.defaults()
                .withFilter(publication -> publication.getEvent() instanceof InboxItemCreated));
    }
}
