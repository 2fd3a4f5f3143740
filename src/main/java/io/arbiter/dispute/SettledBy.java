package io.arbiter.dispute;

/** How the outcome of a dispute came about. */
public enum SettledBy {
    /** One party accepted the other's claim or offer. */
    AGREEMENT,
    /** Both parties accepted an agent's suggestion. */
    SUGGESTION_ACCEPTED,
    /** The amounts both parties privately stated they would accept met; Arbiter settled between them. */
    PRIVATE_LIMITS_MET,
    /** An agent decided. Final. */
    AGENT_DECISION,
    /** The buyer withdrew the dispute. */
    WITHDRAWAL,
    /** A party let its due time pass; Arbiter applied the outcome the policy sets for that step. */
    DUE_TIME_PASSED
}
