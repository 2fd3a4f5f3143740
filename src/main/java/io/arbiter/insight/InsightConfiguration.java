package io.arbiter.insight;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class InsightConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "arbiter.insight.rollup-enabled", matchIfMissing = true)
    RollupPoller insightRollupPoller(InsightRollup rollup) {
        return new RollupPoller(rollup);
    }

    /** Steps the rollup on every instance; its claim keeps two instances from adding the same rows. */
    static class RollupPoller {

        private final InsightRollup rollup;

        RollupPoller(InsightRollup rollup) {
            this.rollup = rollup;
        }

        @Scheduled(fixedDelayString = "${arbiter.insight.rollup-interval:1m}",
                initialDelayString = "${arbiter.insight.rollup-interval:1m}")
        void rollUp() {
            rollup.rollUp();
        }
    }
}
