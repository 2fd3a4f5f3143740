package io.arbiter.dispute;

import java.time.Instant;

import io.arbiter.common.Money;

/** The agreed or decided terms, and once closed the exact money outcome. */
public record Outcome(ResolutionType type, Long amount, Boolean sellerPaysReturnShipping, SettledBy settledBy,
                      String reasons, String decidedBy, Instant settledAt, Long refundToBuyer,
                      Long releaseToSeller, Long returnShippingReimbursement) {
    /** Agreed or decided terms, their money not yet worked out. */
    static Outcome of(Terms terms, SettledBy settledBy, String reasons, String decidedBy, Instant settledAt) {
        return new Outcome(terms.type(), terms.amount(), terms.sellerPaysReturnShipping(), settledBy, reasons,
                decidedBy, settledAt, null, null, null);
    }

    Outcome withMoney(Money refund, Money release, Money reimbursement) {
        return new Outcome(type, amount, sellerPaysReturnShipping, settledBy, reasons, decidedBy, settledAt,
                refund.amount(), release.amount(), reimbursement.amount());
    }

    public Terms terms() {
        return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
    }
}
