package io.arbiter.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.webhook.*}.
 *
 * @param giveUpAfter         how long a webhook is retried (backoff as {@code arbiter.outbound.*}) before it is
 *                            given up
 * @param disableAfterGiveUps how many deliveries given up in a row disable the endpoint
 */
@ConfigurationProperties("arbiter.webhook")
record WebhookProperties(Duration giveUpAfter, Integer disableAfterGiveUps) {

    WebhookProperties {
        giveUpAfter = giveUpAfter == null ? Duration.ofDays(3) : giveUpAfter;
        disableAfterGiveUps = disableAfterGiveUps == null ? 1 : disableAfterGiveUps;
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("arbiter.webhook.give-up-after must be positive");
        }
        if (disableAfterGiveUps < 1) {
            throw new IllegalArgumentException("arbiter.webhook.disable-after-give-ups must be at least 1");
        }
    }
}
