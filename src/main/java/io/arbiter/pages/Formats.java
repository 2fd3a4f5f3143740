package io.arbiter.pages;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.arbiter.common.Money;

/**
 * Money, dates and times written for the page's language, used from templates as {@code ${@formats.money(m)}}.
 * Amounts are minor units; the currency's ISO 4217 exponent places the decimal point.
 */
@Component("formats")
public class Formats {

    private final ZoneId zone;

    Formats(@Value("${arbiter.pages.time-zone:UTC}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    public String money(Money money) {
        return money == null ? "" : money(money.amount(), money.currency());
    }

    public String money(long minorUnits, String currencyCode) {
        Currency currency = Money.requireCurrency(currencyCode);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale());
        format.setCurrency(currency);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }

    /** An amount in minor units as a plain decimal for a form field (1999 EUR is 19.99). */
    public String decimal(long minorUnits, String currencyCode) {
        int digits = Math.max(Money.requireCurrency(currencyCode).getDefaultFractionDigits(), 0);
        return BigDecimal.valueOf(minorUnits, digits).toPlainString();
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale()).withZone(zone).format(instant);
    }

    public String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(locale()).withZone(zone).format(instant);
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).format(date);
    }

    /** The time zone dates are shown in ({@code arbiter.pages.time-zone}). */
    public String zone() {
        return zone.getId();
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
