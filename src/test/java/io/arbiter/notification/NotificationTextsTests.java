package io.arbiter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.arbiter.common.Money;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.SettledBy;

/** The words of notices: every language says everything, and each reader gets the right one. */
class NotificationTextsTests {

    private final Texts texts = new Texts();

    @Test
    void everyLanguageHasEveryMessage() throws IOException {
        Properties english = bundle("notification/messages.properties");
        for (String language : new String[] {"es", "pt", "fr", "ru"}) {
            assertThat(bundle("notification/messages_" + language + ".properties").stringPropertyNames())
                    .as(language).isEqualTo(english.stringPropertyNames());
        }
        Stream.of(NotificationKind.values()).forEach(kind -> assertThat(english).containsKey(kind + ".title"));
        Stream.of(DisputeReason.values()).forEach(reason -> assertThat(english).containsKey("reason." + reason));
        Stream.of(ResolutionType.values()).forEach(type -> assertThat(english).containsKey("terms." + type));
        Stream.of(SettledBy.values()).forEach(by -> assertThat(english).containsKey("DISPUTE_CLOSED.outcome." + by));
    }

    @Test
    void everyMessageIsAPatternThatKeepsItsApostrophes() throws IOException {
        for (String language : new String[] {"", "_es", "_pt", "_fr", "_ru"}) {
            String file = "notification/messages" + language + ".properties";
            Properties messages = bundle(file);
            for (String key : messages.stringPropertyNames()) {
                String pattern = messages.getProperty(key);
                Object[] args = pattern.contains(",choice,") ? new Object[] {0} : new Object[] {"a", "b", "c", "d", "e"};
                String written = new MessageFormat(pattern, Locale.ROOT).format(args);
                assertThat(written.chars().filter(c -> c == '\'').count())
                        .as("%s in %s: write '' for each apostrophe", key, file)
                        .isEqualTo(pattern.split("''", -1).length - 1);
                assertThat(written).as("%s in %s", key, file).doesNotContain("{", "}");
            }
        }
    }

    @Test
    void writesInTheReadersLanguageAndInEnglishForAnyOther() {
        Phrase title = Phrase.of("RESPOND_TO_OFFER.title", "ORD-1");

        assertThat(texts.write(title, Texts.locale("en"))).isEqualTo("New offer on order ORD-1");
        assertThat(texts.write(title, Texts.locale("es"))).isEqualTo("Nueva oferta en el pedido ORD-1");
        assertThat(texts.write(title, Texts.locale("es-AR"))).isEqualTo("Nueva oferta en el pedido ORD-1");
        assertThat(texts.write(title, Texts.locale("fr"))).isEqualTo("Nouvelle offre sur la commande ORD-1");
        assertThat(texts.write(title, Texts.locale("ru"))).isEqualTo("Новое предложение по заказу ORD-1");
        assertThat(texts.write(title, Texts.locale("de"))).isEqualTo("New offer on order ORD-1");
        assertThat(texts.write(title, Texts.locale(null))).isEqualTo("New offer on order ORD-1");
        assertThat(Texts.locale("de-AT")).as("dates and amounts are written the English way too").isEqualTo(Locale.ENGLISH);
        assertThat(Texts.locale("es-MX")).isEqualTo(Locale.forLanguageTag("es-MX"));
    }

    @Test
    void writesTimesAmountsAndNestedPhrasesForTheReader() {
        Phrase offer = Phrase.of("RESPOND_TO_OFFER.offer", "Sam's Shop",
                Phrase.of("terms.PARTIAL_REFUND", Money.of(123456, "EUR")));
        Phrase asked = Phrase.of("RESPOND_TO_OFFER.asked", Instant.parse("2026-03-07T22:05:00Z"));

        assertThat(texts.write(java.util.List.of(offer, asked), Locale.ENGLISH)).isEqualTo(
                "Sam's Shop offers a partial refund of 1,234.56 EUR. Accept it, decline it or make another offer by"
                        + " March 7, 2026, 22:05 UTC.");
        assertThat(texts.write(java.util.List.of(offer, asked), Locale.forLanguageTag("es"))).isEqualTo(
                "Sam's Shop ofrece un reembolso parcial de 1.234,56 EUR. Acéptala, recházala o haz otra oferta antes"
                        + " del 7 de marzo de 2026, 22:05 UTC.");
        assertThat(Texts.money(Money.of(500, "JPY"), Locale.ENGLISH)).isEqualTo("500 JPY");
    }

    @Test
    void theTwoRemindersSayHowLongIsLeft() {
        for (String language : new String[] {"en", "es", "pt", "fr", "ru"}) {
            Locale locale = Texts.locale(language);
            String early = texts.write(Phrase.of("DUE_TIME_APPROACHING.title", "ORD-1", Phrase.of("hours", 48L)), locale);
            String late = texts.write(Phrase.of("DUE_TIME_APPROACHING.title", "ORD-1", Phrase.of("hours", 24L)), locale);

            assertThat(early).as(language).contains("48").isNotEqualTo(late);
            assertThat(late).as(language).contains("24");
        }
        assertThat(texts.write(Phrase.of("DUE_TIME_APPROACHING.title", "ORD-1", Phrase.of("hours", 24L)),
                Locale.ENGLISH)).isEqualTo("Reminder: 24 hours left on the dispute on order ORD-1");
    }

    @Test
    void showsPeoplesOwnWordsAsTheyWroteThem() {
        Phrase quote = Phrase.of("quote.note", "It's {0} – 'really' {broken}");

        assertThat(texts.write(quote, Locale.ENGLISH)).isEqualTo("Note: “It's {0} – 'really' {broken}”");
    }

    private static Properties bundle(String path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(
                NotificationTextsTests.class.getClassLoader().getResourceAsStream(path), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        assertThat(Arrays.asList(properties.stringPropertyNames().toArray())).isNotEmpty();
        return properties;
    }
}
