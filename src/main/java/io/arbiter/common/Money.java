package io.arbiter.common;

import java.util.Currency;

/** An amount in the currency's minor units (cents for EUR, yen for JPY). Never a floating-point number. */
public record Money(long amount, String currency) {

    public Money {
        requireCurrency(currency);
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public boolean isZero() {
        return amount == 0;
    }

    /** Throws when the code is not an ISO 4217 currency; callers turn that into a field error. */
    public static Currency requireCurrency(String code) {
        if (code == null) {
            throw new IllegalArgumentException("currency is required");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code");
        }
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
