package io.arbiter.dispute;

public enum DisputeStatus {
    /** The seller must answer the buyer's claim or latest offer. */
    AWAITING_SELLER,
    /** The buyer must answer the seller's offer or contest. */
    AWAITING_BUYER,
    /** Escalated: in the agents' queue or with an agent. */
    UNDER_REVIEW,
    /** A full refund with return was agreed or decided: the seller must confirm the return address. */
    AWAITING_RETURN_ADDRESS,
    /** The buyer must ship the item back. */
    AWAITING_RETURN_SHIPMENT,
    /** The return is on its way: the seller must confirm receipt. */
    AWAITING_RETURN_RECEIPT,
    /** Closed with a money outcome (agreement, decision, or limits that met). */
    RESOLVED,
    /** Closed by the buyer before a decision. */
    WITHDRAWN;

    public boolean closed() {
        return this == RESOLVED || this == WITHDRAWN;
    }

    boolean negotiating() {
        return this == AWAITING_SELLER || this == AWAITING_BUYER;
    }

    /** Before any decision or agreement: negotiation or review. */
    boolean open() {
        return negotiating() || this == UNDER_REVIEW;
    }
}
