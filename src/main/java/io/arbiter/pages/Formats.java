package io.arbiter.pages;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.stereotype.Component;

import io.arbiter.common.Money;
import io.arbiter.common.PageResult;
import io.arbiter.dispute.DisputeSummary;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.EventTexts;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.TimelineEntry;
import io.arbiter.identity.Actor;

/**
 * Money, dates and times written for the page's language, used from templates as {@code ${@formats.money(m)}},
 * and the lines of disputes' timelines written for the page's reader.
 * Amounts are minor units; the currency's ISO 4217 exponent places the decimal point.
 */
@Component("formats")
public class Formats {

    private final ZoneId marketplaceZone;
    private final MessageSource messages;

    Formats(@Value("${arbiter.pages.time-zone:UTC}") String zone, MessageSource messages) {
        this.marketplaceZone = ZoneId.of(zone);
        this.messages = messages;
    }

    /**
     * A piece of evidence a reason requires, in the page's language ({@code requirement.<code>}); a requirement
     * the marketplace added to its policy under a code of its own reads as the policy describes it.
     */
    public String requirement(String code, String description) {
        return messages.getMessage("requirement." + code, null, description, locale());
    }

    public String money(Money money) {
        return money == null ? "" : money(money.amount(), money.currency());
    }

    public String money(long minorUnits, String currencyCode) {
        return EventTexts.money(minorUnits, currencyCode, locale());
    }

    /** An amount in minor units as a plain decimal for a form field (1999 EUR is 19.99). */
    public String decimal(long minorUnits, String currencyCode) {
        int digits = Math.max(Money.requireCurrency(currencyCode).getDefaultFractionDigits(), 0);
        return BigDecimal.valueOf(minorUnits, digits).toPlainString();
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale()).withZone(zone()).format(instant);
    }

    public String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(locale()).withZone(zone()).format(instant);
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).format(date);
    }

    /** The dispute's timeline, newest first, each line written for the page's reader, language and zone. */
    public List<TimelineEntry> timeline(DisputeView dispute) {
        Party reader = dispute.yourRole() == null ? Party.AGENT : dispute.yourRole();
        List<TimelineEntry> newestFirst = new ArrayList<>(dispute.timeline().size());
        dispute.timeline().forEach(entry -> newestFirst.add(0, entry.readBy(reader, locale(), zone())));
        return newestFirst;
    }

    /** A page of disputes with each one's latest update written for the page's reader, language and zone. */
    public PageResult<DisputeSummary> latestUpdates(PageResult<DisputeSummary> disputes, Actor reader) {
        Party party = switch (reader.role()) {
            case BUYER -> Party.BUYER;
            case SELLER -> Party.SELLER;
            default -> Party.AGENT;
        };
        return disputes.map(dispute -> dispute.readBy(party, locale(), zone()));
    }

    /** The time zone dates are shown in: the reader's, else the marketplace's ({@code arbiter.pages.time-zone}). */
    public ZoneId zone() {
        return LocaleContextHolder.getLocaleContext() instanceof TimeZoneAwareLocaleContext zoned
                && zoned.getTimeZone() != null ? zoned.getTimeZone().toZoneId() : marketplaceZone;
    }

    /** The marketplace's zone, in which the desk's days (the insight charts) are counted. */
    public ZoneId marketplaceZone() {
        return marketplaceZone;
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
