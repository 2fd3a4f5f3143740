package io.arbiter.settlement;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.arbiter.outbound.Outbound;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SettlementConfiguration {

    @Bean
    @ConditionalOnProperty(name = "arbiter.settlement.provider", havingValue = "simulated", matchIfMissing = true)
    PaymentProvider simulatedPaymentProvider() {
        return new SimulatedPaymentProvider();
    }

    @Bean
    @ConditionalOnProperty(name = "arbiter.settlement.provider", havingValue = "marketplace")
    PaymentProvider marketplacePaymentProvider(Outbound outbound, @Lazy Payouts payouts,
                                               SettlementProperties properties) {
        return new MarketplacePaymentProvider(outbound, payouts, properties);
    }

    /** Resends instructions the payment side never confirmed. Off in tests, which call it by hand. */
    @Bean
    @ConditionalOnProperty(name = "arbiter.settlement.resender-enabled", havingValue = "true", matchIfMissing = true)
    UnconfirmedPayoutResender unconfirmedPayoutResender(Payouts payouts) {
        return new UnconfirmedPayoutResender(payouts);
    }

    static class UnconfirmedPayoutResender {

        private final Payouts payouts;

        UnconfirmedPayoutResender(Payouts payouts) {
            this.payouts = payouts;
        }

        @Scheduled(fixedDelayString = "${arbiter.settlement.resend-check-interval:PT1M}")
        void resend() {
            payouts.resendUnconfirmed();
        }
    }
}
