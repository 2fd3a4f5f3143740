package io.arbiter.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.arbiter.common.CanonicalJson;
import io.arbiter.common.Money;
import io.arbiter.dispute.DisputeEvents.*;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** The words of dispute events: written from their data, for each reader, in each language. */
class EventTextsTests {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant DUE = Instant.parse("2026-12-09T19:56:00Z");
    private static final Actor BUYER = new Actor("buyer-1", Role.BUYER, "Bea");
    private static final Actor SELLER = new Actor("seller-1", Role.SELLER, "Sam's Shop");
    private static final Actor AGENT = new Actor("agent-1", Role.AGENT, "Alex");
    private static final Locale RUSSIAN = Locale.forLanguageTag("ru");
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"),
            Locale.forLanguageTag("pt"), Locale.FRENCH, RUSSIAN);

    /** One event of every type, with every optional part filled. */
    static List<DisputeEvent> everyType() {
        Terms partial = Terms.partialRefund(4000);
        return List.of(
                new DisputeOpened(ID, "ORD-1", "buyer-1", "seller-1", DisputeReason.NOT_AS_DESCRIBED,
                        "Not as described", new Terms(ResolutionType.FULL_REFUND_WITH_RETURN, null, true), DUE, DUE,
                        BUYER, AT),
                new OfferMade(ID, UUID.randomUUID(), Party.SELLER, partial, "Half of it", DUE, SELLER, AT),
                new OfferDeclined(ID, UUID.randomUUID(), Party.BUYER, "Too little", BUYER, AT),
                new OfferAccepted(ID, UUID.randomUUID(), Party.BUYER, partial, BUYER, AT),
                new ClaimContested(ID, "It left here intact", DUE, SELLER, AT),
                new DisputeEscalated(ID, Party.BUYER, "No answer", DUE, BUYER, AT),
                new CaseAssigned(ID, "agent-1", AGENT, AT),
                new InformationRequested(ID, Party.BUYER, "A photo please", DUE, AGENT, AT),
                new InformationProvided(ID, Party.BUYER, "Here it is", DUE, BUYER, AT),
                new SuggestionPosted(ID, partial, "Fair", AGENT, AT),
                new SuggestionAccepted(ID, Party.SELLER, SELLER, AT),
                new PrivateLimitStated(ID, Party.BUYER, 3000, BUYER, AT),
                new DisputeDecided(ID, Terms.of(ResolutionType.FULL_REFUND), "Proven", AGENT, AT),
                new ReturnRequested(ID, true, DUE, AGENT, AT),
                new ReturnAddressConfirmed(ID, "1 Main St", DUE, SELLER, AT),
                new ReturnShipped(ID, "DHL", "TRACK-1", 500L, BUYER, AT),
                new ReturnDelivered(ID, AT, DUE, Actor.SYSTEM, AT),
                new ReturnReceived(ID, SELLER, AT),
                new DisputeWithdrawn(ID, "Found it", BUYER, AT),
                new EvidenceSubmitted(ID, UUID.randomUUID(), Party.BUYER, "photo", "The stain", "DIFFERENCES", 2,
                        "ab", BUYER, AT),
                new EvidenceWithdrawn(ID, UUID.randomUUID(), Party.BUYER, "Wrong file", BUYER, AT),
                new MessagePosted(ID, Party.SELLER, "Hello", SELLER, AT),
                new DisputeClosed(ID, "ORD-1", "buyer-1", "seller-1", DisputeStatus.RESOLVED,
                        ResolutionType.PARTIAL_REFUND, SettledBy.AGREEMENT, Money.of(4000, "EUR"),
                        Money.of(1490, "EUR"), Money.of(500, "EUR"), BUYER, AT),
                new DueTimeApproaching(ID, DueTime.CURRENT, Party.SELLER, DUE, Duration.ofHours(48), Actor.SYSTEM, AT),
                new DueTimePassed(ID, DueTime.EVIDENCE, Party.BUYER, DUE, DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR,
                        Actor.SYSTEM, AT),
                new DueTimeExtended(ID, DueTime.EVIDENCE, Party.BUYER, AT, DUE, "Abroad", AGENT, AT));
    }

    @Test
    void everyEventTypeHasAnExample() {
        Set<String> types = everyType().stream().map(EventChain::typeOf).collect(Collectors.toSet());
        Set<String> declared = DisputeEvent.types().stream().map(EventChain::typeName).collect(Collectors.toSet());

        assertThat(types).isEqualTo(declared);
    }

    @Test
    void writesEveryEventForEveryReaderInEveryLanguage() {
        for (DisputeEvent event : everyType()) {
            for (Locale language : LANGUAGES) {
                for (Party reader : List.of(Party.BUYER, Party.SELLER, Party.AGENT, Party.INTEGRATION)) {
                    String line = EventTexts.describe(event, "EUR", reader, language, ZoneId.of("UTC"));
                    assertThat(line).as("%s for %s in %s", EventChain.typeOf(event), reader, language)
                            .isNotBlank().doesNotContain("{", "}", "null", "4000", "2026-12-09T")
                            .isNotEqualTo(EventChain.typeOf(event));
                }
            }
        }
    }

    @Test
    void writesAmountsAsMoneyAndTimesAsDatesInEnglishForTheApi() {
        assertThat(EventTexts.english(everyType().get(1), "EUR"))
                .isEqualTo("The seller offered a partial refund of €40.00: “Half of it”");
        assertThat(EventTexts.english(everyType().get(22), "EUR"))
                .isEqualTo("Dispute closed (agreed by both parties): refund to the buyer €40.00, released to the seller"
                        + " €14.90 The seller reimburses return shipping of €5.00.");
        assertThat(EventTexts.english(everyType().get(7), "EUR"))
                .isEqualTo("The agent asked the buyer for more information by Dec 9, 2026, 7:56 PM UTC: “A photo please”");
        assertThat(EventTexts.english(new PrivateLimitStated(ID, Party.SELLER, 500, SELLER, AT), "JPY"))
                .endsWith("the most it would refund: ¥500");
    }

    @Test
    void writesRussianWithRussianMoneyAndDates() {
        String offer = EventTexts.describe(everyType().get(1), "EUR", Party.BUYER, RUSSIAN, ZoneId.of("UTC"));
        String asked = EventTexts.describe(everyType().get(7), "EUR", Party.SELLER, RUSSIAN,
                ZoneId.of("Europe/Moscow"));

        assertThat(offer.replace('\u00a0', ' ')).isEqualTo("Продавец предложил частичный возврат 40,00 €: «Half of it»");
        assertThat(asked).startsWith("Агент направил покупателю запрос дополнительных сведений со сроком до 9 дек. 2026")
                .contains("22:56");
    }

    @Test
    void tellsEachPartyItsOwnStepsAsYou() {
        DisputeEvent opened = everyType().get(0);

        assertThat(EventTexts.describe(opened, "EUR", Party.BUYER, Locale.ENGLISH, ZoneId.of("UTC")))
                .isEqualTo("You opened a dispute (Not as described) and ask for a full refund with return"
                        + " (the seller pays return shipping)");
        assertThat(EventTexts.describe(opened, "EUR", Party.SELLER, Locale.ENGLISH, ZoneId.of("UTC")))
                .startsWith("The buyer opened a dispute (Not as described) and asks for");
        assertThat(EventTexts.describe(opened, "EUR", Party.AGENT, RUSSIAN, ZoneId.of("UTC")))
                .startsWith("Покупатель открыл спор (не соответствует описанию)");
        assertThat(EventTexts.describe(opened, "EUR", Party.BUYER, RUSSIAN, ZoneId.of("UTC")))
                .startsWith("Вы открыли спор (не соответствует описанию) и просите");
        assertThat(EventTexts.describe(everyType().get(11), "EUR", Party.BUYER, Locale.ENGLISH, ZoneId.of("UTC")))
                .isEqualTo("You privately stated the least refund you would accept: €30.00");
    }

    @Test
    void saysHowLongIsLeftSoTheTwoRemindersDiffer() {
        DueTimeApproaching early = new DueTimeApproaching(ID, DueTime.EVIDENCE, Party.BUYER, DUE,
                Duration.ofHours(48), Actor.SYSTEM, AT);
        DueTimeApproaching late = new DueTimeApproaching(ID, DueTime.EVIDENCE, Party.BUYER, DUE,
                Duration.ofHours(24), Actor.SYSTEM, AT);

        assertThat(EventTexts.english(early, "EUR")).isEqualTo("Reminder to the buyer: the evidence required is due by"
                + " Dec 9, 2026, 7:56 PM UTC, 48 hours from now");
        assertThat(EventTexts.describe(late, "EUR", Party.BUYER, RUSSIAN, ZoneId.of("UTC")))
                .endsWith("осталось 24 ч");
        for (Locale language : LANGUAGES) {
            assertThat(EventTexts.describe(early, "EUR", Party.BUYER, language, ZoneId.of("UTC")))
                    .isNotEqualTo(EventTexts.describe(late, "EUR", Party.BUYER, language, ZoneId.of("UTC")));
        }
    }

    @Test
    void readsTheEventBackFromTheDataItsEntrySeals() {
        for (DisputeEvent event : everyType()) {
            String canonical = CanonicalJson.of(EventChain.envelope(EventChain.typeOf(event), AT,
                    CanonicalJson.MAPPER.createObjectNode(), event.visibility(), ID, CanonicalJson.tree(event),
                    "sealed line"));

            assertThat(EventTexts.read(EventChain.typeOf(event), canonical)).contains(event);
        }
        assertThat(EventTexts.read("OFFER_MADE", "{\"event\":{\"by\":\"NOT_A_PARTY\"}}")).isEmpty();
        assertThat(EventTexts.read("SOMETHING_ELSE", "{}")).isEmpty();
    }

    @Test
    void keepsTheSealedLineOfAnEntryWhoseDataItCannotRead() {
        TimelineEntry entry = Timeline.entry(1, AT, "OFFER_MADE", "seller-1", Role.SELLER,
                "Seller offered a partial refund of 4000", "{\"event\":{}}", "EUR");

        assertThat(entry.summary()).isEqualTo("Seller offered a partial refund of 4000");
        assertThat(entry.summaryFor(Party.BUYER, RUSSIAN, ZoneId.of("UTC"))).isEqualTo(entry.summary());
    }

    @Test
    void readsAnEntryByWhatItSealsNotByWhereItSits() {
        for (DisputeEvent event : everyType()) {
            String canonical = CanonicalJson.of(EventChain.envelope(EventChain.typeOf(event), AT,
                    CanonicalJson.MAPPER.createObjectNode(), event.visibility(), ID, CanonicalJson.tree(event),
                    "sealed line"));
            String type = EventChain.typeOf(event);

            TimelineEntry first = Timeline.entry(1, AT, type, "someone", Role.SYSTEM, "sealed line", canonical, "EUR");
            TimelineEntry again = Timeline.entry(1, AT, type, "someone", Role.SYSTEM, "sealed line", canonical, "EUR");
            TimelineEntry inYen = Timeline.entry(1, AT, type, "someone", Role.SYSTEM, "sealed line", canonical, "JPY");

            assertThat(again).isEqualTo(first);
            assertThat(first.event()).isEqualTo(event);
            assertThat(first.summary()).isEqualTo(EventTexts.english(event, "EUR"));
            assertThat(inYen.summary()).isEqualTo(EventTexts.english(event, "JPY"));
        }
        // The same place holding other data (a row changed behind our back) reads as what it now holds.
        TimelineEntry changed = Timeline.entry(1, AT, "OFFER_MADE", "seller-1", Role.SELLER, "sealed line",
                "{\"event\":{}}", "EUR");
        assertThat(changed.event()).isNull();
        assertThat(changed.summary()).isEqualTo("sealed line");
    }
}
