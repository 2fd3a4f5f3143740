package io.arbiter.order;

import java.time.Instant;

record TrackingEvent(TrackingStatus status, Instant occurredAt, String location, String description) {
}
