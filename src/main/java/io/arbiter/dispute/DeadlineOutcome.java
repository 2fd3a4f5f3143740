package io.arbiter.dispute;

/** What the server does when a due time passes and the party that had to act did not. */
public enum DeadlineOutcome {
    /** The seller's silence accepts the buyer's claim as asked. */
    ACCEPT_CLAIM,
    /** The buyer's silence accepts the seller's latest offer. */
    APPLY_LATEST_OFFER,
    /** The dispute closes in the seller's favour and the held payment is released to the seller. */
    CLOSE_IN_SELLERS_FAVOUR,
    /** The buyer is refunded (after a return: without waiting longer for the seller). */
    REFUND_BUYER,
    /** The case goes to the agents' queue. */
    ESCALATE,
    /** The assigned agent is told; the case goes on. */
    NOTIFY_AGENT,
    /** The case is flagged in the agents' queue as past its service level. */
    FLAG_IN_QUEUE
}
