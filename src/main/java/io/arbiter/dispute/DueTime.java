package io.arbiter.dispute;

/**
 * The due times a dispute runs, each enforced once by the server when it passes and each extendable by an agent.
 */
public enum DueTime {
    /**
     * The current step's: whoever's move it is must act by then (the seller's answer, the buyer's, the party an
     * agent asked for information, the agents' review, the seller's return address or receipt, the buyer's return).
     */
    CURRENT,
    /** The buyer's evidence: what the reason requires, while the dispute is in negotiation or review. */
    EVIDENCE
}
