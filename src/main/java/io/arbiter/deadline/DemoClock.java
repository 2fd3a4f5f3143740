package io.arbiter.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's clock in demo mode ({@code arbiter.demo.enabled=true}) and never otherwise: real time plus
 * however far an admin moved it forward, so that a person can watch due times pass. The offset lives in this
 * instance's memory; a restart goes back to real time.
 */
public class DemoClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    DemoClock(Clock base) {
        this.base = base;
    }

    void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return base.getZone().equals(zone) ? this : Clock.offset(base.withZone(zone), offset.get());
    }
}
