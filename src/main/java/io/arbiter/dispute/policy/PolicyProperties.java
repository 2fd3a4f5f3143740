package io.arbiter.dispute.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code arbiter.policy.*}. Windows, outcomes and reasons live in the policy file only: any other key under
 * {@code arbiter.policy} (such as a window set the way older versions did) stops the start rather than being
 * ignored.
 *
 * @param file a Spring resource location: {@code file:/etc/arbiter/policy.yml}, or {@code classpath:…}
 */
@ConfigurationProperties(prefix = "arbiter.policy", ignoreUnknownFields = false)
record PolicyProperties(@DefaultValue(PolicyFile.SHIPPED_LOCATION) String file) {
}
