package io.arbiter.order;

public enum EscrowStatus {
    /** The payment is held by the marketplace; nothing has been paid out yet. */
    HELD,
    /** Everything went to the seller. */
    RELEASED,
    /** Everything went back to the buyer. */
    REFUNDED,
    /** Part went back to the buyer, the rest to the seller. */
    PARTLY_REFUNDED
}
