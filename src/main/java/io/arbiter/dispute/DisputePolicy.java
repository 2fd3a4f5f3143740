package io.arbiter.dispute;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The windows of each waiting step ({@code arbiter.policy.*}, ISO-8601 or "5d" durations). The due time
 * of a step is the moment the step began plus its window.
 */
@ConfigurationProperties("arbiter.policy")
public record DisputePolicy(Duration sellerResponse, Duration buyerResponse, Duration evidence,
                            Duration returnAddress, Duration returnShipment, Duration returnReceipt,
                            Duration informationRequest, Duration agentReview) {

    public DisputePolicy {
        sellerResponse = orDefault(sellerResponse, Duration.ofDays(5));
        buyerResponse = orDefault(buyerResponse, Duration.ofDays(5));
        evidence = orDefault(evidence, Duration.ofDays(7));
        returnAddress = orDefault(returnAddress, Duration.ofDays(5));
        returnShipment = orDefault(returnShipment, Duration.ofDays(10));
        returnReceipt = orDefault(returnReceipt, Duration.ofDays(15));
        informationRequest = orDefault(informationRequest, Duration.ofDays(3));
        agentReview = orDefault(agentReview, Duration.ofDays(2));
    }

    public static DisputePolicy defaults() {
        return new DisputePolicy(null, null, null, null, null, null, null, null);
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
