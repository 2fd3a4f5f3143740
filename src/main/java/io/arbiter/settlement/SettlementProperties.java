package io.arbiter.settlement;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code arbiter.settlement.*}: which payment side executes payouts, where the marketplace takes instructions,
 * and how long Arbiter waits for a confirmation before sending again.
 *
 * @param provider              {@code simulated} (demo: confirms at once) or {@code marketplace}
 * @param payoutUrl             the marketplace's endpoint for payout instructions (https)
 * @param secret                {@code whsec_...}: instructions are signed like webhooks
 * @param confirmationTimeout   how long to wait for a confirmation before sending again (doubles each time)
 * @param maxResends            resends before the instruction is escalated to an admin
 * @param deliveryGiveUpAfter   how long delivery to the marketplace is retried before escalating
 */
@ConfigurationProperties("arbiter.settlement")
public record SettlementProperties(String provider, URI payoutUrl, String secret, Duration confirmationTimeout,
                                   Integer maxResends, Duration deliveryGiveUpAfter) {

    public SettlementProperties {
        provider = provider == null ? "simulated" : provider;
        confirmationTimeout = confirmationTimeout == null ? Duration.ofHours(1) : confirmationTimeout;
        maxResends = maxResends == null ? 5 : maxResends;
        deliveryGiveUpAfter = deliveryGiveUpAfter == null ? Duration.ofDays(3) : deliveryGiveUpAfter;
    }
}
