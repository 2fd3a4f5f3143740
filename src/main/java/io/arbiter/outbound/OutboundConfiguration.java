package io.arbiter.outbound;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OutboundConfiguration {

    @Bean
    AddressPolicy outboundAddressPolicy(OutboundProperties properties, ObjectProvider<HostResolver> resolver) {
        return new AddressPolicy(properties.allowedHosts(), resolver.getIfAvailable(() -> HostResolver.SYSTEM));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "arbiter.outbound.dispatcher-enabled", matchIfMissing = true)
    OutboundPoller outboundPoller(OutboundDispatcher dispatcher) {
        return new OutboundPoller(dispatcher);
    }

    /** Runs the dispatcher on every instance; the claims keep instances from sending the same attempt. */
    static class OutboundPoller {

        private final OutboundDispatcher dispatcher;

        OutboundPoller(OutboundDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${arbiter.outbound.poll-interval:2s}",
                initialDelayString = "${arbiter.outbound.poll-interval:2s}")
        void dispatchDue() {
            dispatcher.dispatchDue();
        }
    }
}
