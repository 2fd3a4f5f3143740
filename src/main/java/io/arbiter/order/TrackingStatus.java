package io.arbiter.order;

public enum TrackingStatus {
    LABEL_CREATED,
    IN_TRANSIT,
    OUT_FOR_DELIVERY,
    DELIVERED,
    DELIVERY_FAILED,
    HELD_BY_CUSTOMS,
    RETURNED_TO_SENDER,
    LOST
}
