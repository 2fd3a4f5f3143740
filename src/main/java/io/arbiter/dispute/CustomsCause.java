package io.arbiter.dispute;

/** Why customs held the parcel, as the customs documents state it. */
public enum CustomsCause {
    MISSING_INVOICE_OR_LICENCE,
    VALUATION_PENALTY,
    COUNTERFEIT_OR_IP,
    HELD_BY_NON_GOVERNMENTAL_BODY,
    BREAKS_LOCAL_RULES,
    CLEARANCE_DELAY
}
