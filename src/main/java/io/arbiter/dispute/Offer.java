package io.arbiter.dispute;

import java.time.Instant;
import java.util.UUID;

/** An offer on the table: the buyer's claim, or either side's counter-offer. */
public record Offer(UUID id, Party madeBy, ResolutionType type, Long amount, Boolean sellerPaysReturnShipping,
                    String note, Instant madeAt) {
    static Offer of(Party by, Terms terms, String note, Instant now) {
        return new Offer(UUID.randomUUID(), by, terms.type(), terms.amount(), terms.sellerPaysReturnShipping(),
                note, now);
    }

    public Terms terms() {
        return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
    }
}
