package io.arbiter.insight;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.insight.*}: when the agents' queue and case page flag a party with a badge.
 *
 * @param badgeWindow                 the period the badges count over (default 90 days)
 * @param buyerDisputes               a buyer who opened at least this many disputes in the period (default 6)
 * @param sellerDecisionsAgainst      a seller with at least this many agents' decisions against it (default 3)
 * @param rollupInterval              how often {@link InsightRollup} adds to the daily rollup (default 1 minute;
 *                                    {@code arbiter.insight.rollup-enabled=false} stops it on this instance)
 * @param rollupLag                   how far behind now the rollup's watermark stays (default 5 minutes): longer than
 *                                    any transaction that closes a dispute or books a payout, and than the clocks'
 *                                    differences between instances
 */
@ConfigurationProperties("arbiter.insight")
public record InsightProperties(Duration badgeWindow, Integer buyerDisputes, Integer sellerDecisionsAgainst,
                                Duration rollupInterval, Duration rollupLag) {

    public InsightProperties {
        badgeWindow = badgeWindow == null ? Duration.ofDays(90) : badgeWindow;
        buyerDisputes = buyerDisputes == null ? 6 : buyerDisputes;
        sellerDecisionsAgainst = sellerDecisionsAgainst == null ? 3 : sellerDecisionsAgainst;
        rollupInterval = rollupInterval == null ? Duration.ofMinutes(1) : rollupInterval;
        rollupLag = rollupLag == null ? Duration.ofMinutes(5) : rollupLag;
        if (rollupLag.isNegative() || rollupInterval.isNegative() || rollupInterval.isZero()) {
            throw new IllegalArgumentException("arbiter.insight.rollup-lag must not be negative and"
                    + " .rollup-interval must be more than zero");
        }
        if (badgeWindow.isNegative() || badgeWindow.isZero() || badgeWindow.compareTo(MetricsWindow.MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("arbiter.insight.badge-window must be more than zero and at most 366d");
        }
        if (buyerDisputes < 1 || sellerDecisionsAgainst < 1) {
            throw new IllegalArgumentException("arbiter.insight.buyer-disputes and .seller-decisions-against must be"
                    + " at least 1");
        }
    }
}
