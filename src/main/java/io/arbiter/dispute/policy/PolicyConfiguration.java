package io.arbiter.dispute.policy;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;

@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    /** Reads, checks and records the policy file while the application starts: a bad file stops the start. */
    @Bean
    PolicyVersions policyVersions(PolicyProperties properties, ResourceLoader resources, JdbcClient jdbc,
                                  Clock clock) {
        return new PolicyVersions(jdbc, PolicyFile.read(resources, properties.file()), clock);
    }

    /**
     * The policy in force, for what no dispute has been opened under yet (an order's buyer-protection period). A
     * dispute's own rules come from {@link DisputePolicies#of}.
     */
    @Bean
    DisputePolicy disputePolicy(DisputePolicies policies) {
        return policies.inForce();
    }
}
