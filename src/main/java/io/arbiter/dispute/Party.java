package io.arbiter.dispute;

/** Who takes part in a dispute, and whose move it is. */
public enum Party {
    BUYER,
    SELLER,
    AGENT,
    /** The marketplace's back end: reports tracking of returns. */
    INTEGRATION,
    /** Nobody: the dispute is closed. */
    NOBODY;

    Party counterpart() {
        return switch (this) {
            case BUYER -> SELLER;
            case SELLER -> BUYER;
            default -> throw new IllegalStateException(this + " has no counterpart");
        };
    }
}
