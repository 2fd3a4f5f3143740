package io.arbiter.outbound;

import java.time.Duration;

/** Exponential backoff: {@code first × 2^(failures-1)}, never more than {@code max}. */
record Backoff(Duration first, Duration max) {

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The delay before the next attempt after {@code failures} failed attempts in a row (1 or more). */
    Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be 1 or more");
        }
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
