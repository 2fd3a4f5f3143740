package io.arbiter.dispute;

import java.time.Instant;

/** An agent's suggested terms and which sides accepted them: once both have, the dispute settles on them. */
public record Suggestion(ResolutionType type, Long amount, Boolean sellerPaysReturnShipping, String reasons,
                         Boolean buyerAccepted, Boolean sellerAccepted, String agentId, Instant postedAt) {
    public Terms terms() {
        return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
    }

    static Suggestion of(Terms terms, String reasons, String agentId, Instant now) {
        return new Suggestion(terms.type(), terms.amount(), terms.sellerPaysReturnShipping(), reasons, false, false,
                agentId, now);
    }

    boolean acceptedBy(Party party) {
        return Boolean.TRUE.equals(party == Party.BUYER ? buyerAccepted : sellerAccepted);
    }

    Suggestion withAcceptanceBy(Party party) {
        return new Suggestion(type, amount, sellerPaysReturnShipping, reasons,
                party == Party.BUYER || acceptedBy(Party.BUYER), party == Party.SELLER || acceptedBy(Party.SELLER),
                agentId, postedAt);
    }
}
