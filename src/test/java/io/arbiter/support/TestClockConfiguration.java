package io.arbiter.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.arbiter.common.RealTime;

/**
 * One clock for business time and real time, as in production without the demo: tests step it by hand, and a
 * receiver's retries follow. {@code WebhookDemoClockApiTests} keeps the two apart.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Bean(defaultCandidate = false)
    @RealTime
    @Primary
    Clock testRealTimeClock(TestClock testClock) {
        return new Following(testClock);
    }

    /** The test clock's time, in another type: tests that look the {@link TestClock} up by type find only one. */
    private static final class Following extends Clock {

        private final TestClock clock;

        Following(TestClock clock) {
            this.clock = clock;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
