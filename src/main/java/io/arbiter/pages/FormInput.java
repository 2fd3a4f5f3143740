package io.arbiter.pages;

import java.math.BigDecimal;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.PlainText;
import io.arbiter.common.RefusalCode;
import io.arbiter.common.Money;

/** What a person typed into a page's form, checked: texts, and amounts (12.50 or 12,50) as minor units. */
final class FormInput {

    private FormInput() {
    }

    static Long optionalAmount(String field, String typed, String currency) {
        return typed == null || typed.isBlank() ? null : amount(field, typed, currency);
    }

    static long amount(String field, String typed, String currency) {
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
        try {
            return amount.movePointRight(digits).longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new InvalidInputException(field, "'" + typed + "' is too large an amount");
        }
    }

    static String text(String field, String typed) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidInputException(field, "must not be blank", RefusalCode.BLANK_TEXT);
        }
        PlainText.problemIn(typed).ifPresent(reason -> {
            throw new InvalidInputException(field, reason);
        });
        return typed.trim();
    }

    static String optionalText(String field, String typed) {
        return typed == null || typed.isBlank() ? null : text(field, typed);
    }
}
