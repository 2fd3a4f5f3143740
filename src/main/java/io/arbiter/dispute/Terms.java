package io.arbiter.dispute;

import io.arbiter.common.RuleViolationException;

/**
 * A resolution as asked, offered, suggested or decided. {@code amount} (minor units) only for a partial
 * refund; {@code sellerPaysReturnShipping} only with a return.
 */
public record Terms(ResolutionType type, Long amount, boolean sellerPaysReturnShipping) {

    public static Terms of(ResolutionType type) {
        return new Terms(type, null, false);
    }

    public static Terms partialRefund(long amount) {
        return new Terms(ResolutionType.PARTIAL_REFUND, amount, false);
    }

    /** Checks the terms against what is held on the order. {@code field} prefixes the names in errors. */
    Terms checkedAgainst(long held, String field) {
        if (type == null) {
            throw new RuleViolationException(field + ".type", "a resolution type is required");
        }
        if (type == ResolutionType.PARTIAL_REFUND) {
            if (amount == null || amount < 1 || amount > held) {
                throw new RuleViolationException(field + ".amount",
                        "a partial refund needs an amount from 1 to " + held + " (what is held on the order)");
            }
        } else if (amount != null) {
            throw new RuleViolationException(field + ".amount", "an amount goes only with a partial refund");
        }
        if (sellerPaysReturnShipping && type != ResolutionType.FULL_REFUND_WITH_RETURN) {
            throw new RuleViolationException(field + ".sellerPaysReturnShipping",
                    "return shipping is only paid with a full refund with return");
        }
        return this;
    }

    Terms withSellerPayingReturnShipping(boolean sellerPays) {
        return new Terms(type, amount, sellerPaysReturnShipping || sellerPays);
    }
}
