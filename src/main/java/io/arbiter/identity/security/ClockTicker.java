package io.arbiter.identity.security;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;

/** Caffeine's expiry driven by the injected clock, so that tests step time instead of sleeping. */
final class ClockTicker {

    private ClockTicker() {
    }

    static Ticker of(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }
}
