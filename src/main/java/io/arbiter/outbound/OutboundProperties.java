package io.arbiter.outbound;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.outbound.*}.
 *
 * @param allowedHosts      host names or IP literals, as written in URLs, exempt from the https and
 *                          private-address rules (a receiver on the same machine or network, tests)
 * @param dispatcherEnabled whether this instance sends due messages every {@code pollInterval}
 * @param pollInterval      how often the dispatcher looks for due messages
 * @param connectTimeout    how long to wait for a receiver's connection
 * @param readTimeout       how long to wait for a receiver's response once connected
 * @param firstRetryAfter   the delay after the first failed attempt; it doubles with every further failure
 * @param maxRetryInterval  the longest delay between two attempts
 * @param batchSize         the most messages one dispatcher sends at once
 */
@ConfigurationProperties("arbiter.outbound")
record OutboundProperties(List<String> allowedHosts, Boolean dispatcherEnabled, Duration pollInterval,
                          Duration connectTimeout, Duration readTimeout, Duration firstRetryAfter,
                          Duration maxRetryInterval, Integer batchSize) {

    /** A claim outlives any send by a wide margin: only a stalled or crashed dispatcher loses it. */
    private static final Duration MIN_CLAIM = Duration.ofSeconds(60);

    OutboundProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        dispatcherEnabled = dispatcherEnabled == null || dispatcherEnabled;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        firstRetryAfter = firstRetryAfter == null ? Duration.ofSeconds(30) : firstRetryAfter;
        maxRetryInterval = maxRetryInterval == null ? Duration.ofHours(1) : maxRetryInterval;
        batchSize = batchSize == null ? 50 : batchSize;
        if (batchSize < 1) {
            throw new IllegalArgumentException("arbiter.outbound.batch-size must be at least 1");
        }
    }

    Duration claimTimeout() {
        Duration twiceTheLongestSend = connectTimeout.plus(readTimeout).multipliedBy(2);
        return twiceTheLongestSend.compareTo(MIN_CLAIM) > 0 ? twiceTheLongestSend : MIN_CLAIM;
    }

    Backoff backoff() {
        return new Backoff(firstRetryAfter, maxRetryInterval);
    }
}
