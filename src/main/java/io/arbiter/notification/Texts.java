package io.arbiter.notification;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

import io.arbiter.common.Money;

/**
 * Writes phrases in a reader's language from the bundles {@code notification/messages*.properties}
 * (English is the base; a language without its own bundle reads English). Times are shown in the reader's zone,
 * named after the time, the date written as the reader's language writes it; amounts with the currency's decimals
 * and the reader's separators.
 */
@Component
class Texts {

    static final String BUNDLE = "notification/messages";
    private static final Map<String, Boolean> SPOKEN = new ConcurrentHashMap<>();
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm VV");

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    Texts() {
        messages.setBasename(BUNDLE);
        messages.setDefaultEncoding("UTF-8");
        // Never the server's own language: a reader without a bundle of their own reads the English base.
        messages.setFallbackToSystemLocale(false);
        // Every message is a MessageFormat pattern, with or without arguments: write '' for an apostrophe.
        messages.setAlwaysUseMessageFormat(true);
    }

    /**
     * The language a reader is written to in: theirs (with its region's way of writing dates and numbers) when
     * there is a bundle for it, English otherwise, so that words and formats never mix two languages.
     */
    static Locale locale(String languageTag) {
        Locale asked = languageTag == null || languageTag.isBlank() ? Locale.ENGLISH
                : Locale.forLanguageTag(languageTag);
        boolean spoken = asked.getLanguage().equals("en")
                || SPOKEN.computeIfAbsent(asked.getLanguage(), Texts::hasBundle);
        return spoken ? asked : Locale.ENGLISH;
    }

    private static boolean hasBundle(String language) {
        return !language.isEmpty()
                && Texts.class.getClassLoader().getResource(BUNDLE + "_" + language + ".properties") != null;
    }

    String write(Phrase phrase, Locale locale) {
        return write(phrase, locale, UTC);
    }

    /** The phrase in the reader's language, its times in the reader's zone. */
    String write(Phrase phrase, Locale locale, ZoneId zone) {
        Object[] args = phrase.args().stream().map(arg -> argument(arg, locale, zone)).toArray();
        return messages.getMessage(phrase.code(), args, locale);
    }

    /** Sentences joined into one text. */
    String write(List<Phrase> sentences, Locale locale) {
        return write(sentences, locale, UTC);
    }

    String write(List<Phrase> sentences, Locale locale, ZoneId zone) {
        return sentences.stream().map(sentence -> write(sentence, locale, zone)).collect(Collectors.joining(" "));
    }

    String message(String code, Locale locale, Object... args) {
        return write(Phrase.of(code, args), locale);
    }

    /**
     * The date as the reader's language writes it in full, then the time in the reader's zone, named:
     * March 7, 2026, 10:00 UTC; 7 de marzo de 2026, 11:00 Europe/Madrid.
     */
    static String time(Instant instant, Locale locale, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(zone)
                .format(instant) + ", " + TIME_OF_DAY.withZone(zone).format(instant);
    }

    static String money(Money money, Locale locale) {
        int digits = Math.max(Currency.getInstance(money.currency()).getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.amount(), digits)) + " " + money.currency();
    }

    /** Numbers stay numbers, for patterns that choose their words by them ({@code {0,choice,...}}). */
    private Object argument(Object arg, Locale locale, ZoneId zone) {
        if (arg == null) {
            return "";
        }
        if (arg instanceof Number number) {
            return number;
        }
        if (arg instanceof Phrase phrase) {
            return write(phrase, locale, zone);
        }
        if (arg instanceof Instant instant) {
            return time(instant, locale, zone);
        }
        if (arg instanceof Money money) {
            return money(money, locale);
        }
        return arg.toString();
    }
}
