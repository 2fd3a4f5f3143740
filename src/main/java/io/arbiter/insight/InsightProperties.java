package io.arbiter.insight;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.insight.*}: the daily rollup that answers the whole days of a metrics window. (The badge thresholds
 * are the policy file's, {@code badges:}.)
 *
 * @param rollupInterval              how often {@link InsightRollup} adds to the daily rollup (default 1 minute;
 *                                    {@code arbiter.insight.rollup-enabled=false} stops it on this instance)
 * @param rollupLag                   how far behind now the rollup's watermark stays (default 5 minutes): longer than
 *                                    any transaction that closes a dispute or books a payout, and than the clocks'
 *                                    differences between instances
 */
@ConfigurationProperties("arbiter.insight")
public record InsightProperties(Duration rollupInterval, Duration rollupLag) {

    public InsightProperties {
        rollupInterval = rollupInterval == null ? Duration.ofMinutes(1) : rollupInterval;
        rollupLag = rollupLag == null ? Duration.ofMinutes(5) : rollupLag;
        if (rollupLag.isNegative() || rollupInterval.isNegative() || rollupInterval.isZero()) {
            throw new IllegalArgumentException("arbiter.insight.rollup-lag must not be negative and"
                    + " .rollup-interval must be more than zero");
        }
    }
}
