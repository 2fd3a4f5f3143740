package io.arbiter.order;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

@Table("tracking_event")
record TrackingEvent(TrackingStatus status, Instant occurredAt, String location, String description) {
}
