package io.arbiter.pages;

import java.math.BigDecimal;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.Money;

/** An amount a person typed ("12.50" or "12,50") in an order's currency, as minor units. */
final class MoneyInput {

    private MoneyInput() {
    }

    static Long parseOptional(String field, String typed, String currency) {
        return typed == null || typed.isBlank() ? null : parse(field, typed, currency);
    }

    static long parse(String field, String typed, String currency) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidInputException(field, "an amount is required");
        }
        int digits = Math.max(Money.requireCurrency(currency).getDefaultFractionDigits(), 0);
        BigDecimal amount;
        try {
            amount = new BigDecimal(typed.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + typed + "' is not an amount like 12.50");
        }
        if (amount.signum() <= 0) {
            throw new InvalidInputException(field, "the amount must be more than zero");
        }
        if (amount.scale() > digits) {
            throw new InvalidInputException(field, currency + " has " + digits + " decimal places");
        }
        return amount.movePointRight(digits).longValueExact();
    }
}
