package io.arbiter.dispute;

public enum ResolutionType {
    /** The buyer sends the item back and gets everything paid back once the seller has it. */
    FULL_REFUND_WITH_RETURN,
    /** The buyer gets everything paid back and keeps (or never got) the item. */
    FULL_REFUND,
    /** The buyer keeps the item and gets part of the payment back; the rest goes to the seller. */
    PARTIAL_REFUND,
    /** The seller sends the item again (or a replacement); no money moves now. */
    RESHIPMENT,
    /** The claim is refused: the payment goes to the seller. Only an agent's decision or suggestion. */
    CLAIM_REJECTED
}
