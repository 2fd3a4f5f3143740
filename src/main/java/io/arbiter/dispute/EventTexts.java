package io.arbiter.dispute;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.support.ResourceBundleMessageSource;

import io.arbiter.common.CanonicalJson;
import io.arbiter.common.Money;
import io.arbiter.dispute.DisputeEvents.ClaimContested;
import io.arbiter.dispute.DisputeEvents.CaseAssigned;
import io.arbiter.dispute.DisputeEvents.DisputeClosed;
import io.arbiter.dispute.DisputeEvents.DisputeDecided;
import io.arbiter.dispute.DisputeEvents.DisputeEscalated;
import io.arbiter.dispute.DisputeEvents.DisputeOpened;
import io.arbiter.dispute.DisputeEvents.DisputeWithdrawn;
import io.arbiter.dispute.DisputeEvents.DueTimeApproaching;
import io.arbiter.dispute.DisputeEvents.DueTimeExtended;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeEvents.EvidenceSubmitted;
import io.arbiter.dispute.DisputeEvents.EvidenceWithdrawn;
import io.arbiter.dispute.DisputeEvents.InformationProvided;
import io.arbiter.dispute.DisputeEvents.InformationRequested;
import io.arbiter.dispute.DisputeEvents.MessagePosted;
import io.arbiter.dispute.DisputeEvents.OfferAccepted;
import io.arbiter.dispute.DisputeEvents.OfferDeclined;
import io.arbiter.dispute.DisputeEvents.OfferMade;
import io.arbiter.dispute.DisputeEvents.PrivateLimitStated;
import io.arbiter.dispute.DisputeEvents.ReturnAddressConfirmed;
import io.arbiter.dispute.DisputeEvents.ReturnDelivered;
import io.arbiter.dispute.DisputeEvents.ReturnReceived;
import io.arbiter.dispute.DisputeEvents.ReturnRequested;
import io.arbiter.dispute.DisputeEvents.ReturnShipped;
import io.arbiter.dispute.DisputeEvents.SuggestionAccepted;
import io.arbiter.dispute.DisputeEvents.SuggestionPosted;
import io.arbiter.identity.Role;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The words of a dispute's events, written from their data where they are shown: in the reader's language
 * ({@code dispute/events*.properties}: en, es, pt, fr, ru), amounts as money of the dispute's currency, times in
 * the reader's zone, and the reader's own steps as "you". Events carry data only; the English text for the API,
 * webhooks and the stored (sealed) summary is {@link #english}.
 */
public final class EventTexts {

    static final String BUNDLE = "dispute/events";
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();
    /** Stored events are read back leniently: rows sealed by earlier versions may lack newer fields or hold more. */
    private static final JsonMapper READER = CanonicalJson.MAPPER.rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Map<String, Class<? extends DisputeEvent>> TYPES = DisputeEvent.types().stream()
            .collect(Collectors.toUnmodifiableMap(EventChain::typeName, Function.identity()));

    static {
        // Not the thread's context class loader, which is whoever first wrote an event text: on a web request that
        // is the embedded Tomcat's, and once that server stops, languages not read yet fall back to English.
        MESSAGES.setBundleClassLoader(EventTexts.class.getClassLoader());
        MESSAGES.setBasename(BUNDLE);
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
        MESSAGES.setAlwaysUseMessageFormat(true);
    }

    private final Locale locale;
    private final ZoneId zone;
    private final String currency;
    private final Party reader;

    private EventTexts(Locale locale, ZoneId zone, String currency, Party reader) {
        this.locale = locale;
        this.zone = zone;
        this.currency = currency;
        this.reader = reader;
    }

    /** The English line for the API, webhooks and the stored summary: third person, times in UTC. */
    public static String english(DisputeEvent event, String currency) {
        return describe(event, currency, Party.INTEGRATION, Locale.ENGLISH, UTC);
    }

    /**
     * The line {@code reader} reads: their own steps said as "you" (buyers and sellers; agents read every step in
     * the third person, as several agents may act on a case).
     */
    public static String describe(DisputeEvent event, String currency, Party reader, Locale locale, ZoneId zone) {
        return new EventTexts(locale, zone, currency, reader).line(event);
    }

    /** The event a stored chain entry seals, when its data reads as this version's event of that type. */
    public static Optional<DisputeEvent> read(String type, String canonical) {
        Class<? extends DisputeEvent> eventType = TYPES.get(type);
        if (eventType == null || canonical == null) {
            return Optional.empty();
        }
        try {
            JsonNode event = READER.readTree(canonical).path("event");
            return event.isObject() ? Optional.of(READER.treeToValue(event, eventType)) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Money as the reader's language writes it: €1,234.56 in English, 1234,56 € in Russian. */
    public static String money(long minorUnits, String currencyCode, Locale locale) {
        Currency currency = Money.requireCurrency(currencyCode);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }

    /** A date and time as the reader's language writes it, in their zone, naming the zone: Dec 9, 2026, 7:56 PM UTC. */
    public static String time(Instant instant, Locale locale, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .withZone(zone).format(instant) + " " + zone.getDisplayName(TextStyle.SHORT, locale);
    }

    /** Whether a language has its own bundle of event texts (others read English). */
    public static boolean speaks(Locale locale) {
        return locale.getLanguage().equals("en") || EventTexts.class.getClassLoader()
                .getResource(BUNDLE + "_" + locale.getLanguage() + ".properties") != null;
    }

    private String line(DisputeEvent event) {
        if (event instanceof DisputeOpened e) {
            // In English the reason is called what the policy the dispute was opened under calls it.
            String reason = e.reasonLabel() != null && locale.getLanguage().equals("en") ? e.reasonLabel()
                    : text("reason." + e.reason().name());
            return say("DISPUTE_OPENED", Party.BUYER, reason, terms(e.claim()));
        }
        if (event instanceof OfferMade e) {
            return say("OFFER_MADE", e.by(), terms(e.terms())) + quote(e.note());
        }
        if (event instanceof OfferDeclined e) {
            return say("OFFER_DECLINED", e.by()) + quote(e.note());
        }
        if (event instanceof OfferAccepted e) {
            return e.actor().is(Role.SYSTEM)
                    ? say("OFFER_ACCEPTED.system", e.by(), terms(e.terms()), who(e.by()))
                    : say("OFFER_ACCEPTED", e.by(), terms(e.terms()));
        }
        if (event instanceof ClaimContested e) {
            return say("CLAIM_CONTESTED", Party.SELLER) + quote(e.statement());
        }
        if (event instanceof DisputeEscalated e) {
            return say("DISPUTE_ESCALATED", e.by()) + quote(e.reason());
        }
        if (event instanceof CaseAssigned e) {
            return text("CASE_ASSIGNED", e.actor().displayName());
        }
        if (event instanceof InformationRequested e) {
            return say("INFORMATION_REQUESTED", e.from(), time(e.dueAt()), who(e.from()))
                    + quote(e.question());
        }
        if (event instanceof InformationProvided e) {
            return say("INFORMATION_PROVIDED", e.by()) + quote(e.text());
        }
        if (event instanceof SuggestionPosted e) {
            return text("SUGGESTION_POSTED", terms(e.terms())) + quote(e.reasons());
        }
        if (event instanceof SuggestionAccepted e) {
            return say("SUGGESTION_ACCEPTED", e.by());
        }
        if (event instanceof PrivateLimitStated e) {
            return say("PRIVATE_LIMIT_STATED." + e.by().name(), e.by(), money(e.amount()));
        }
        if (event instanceof DisputeDecided e) {
            return text("DISPUTE_DECIDED", terms(e.terms())) + quote(e.reasons());
        }
        if (event instanceof ReturnRequested e) {
            return text(e.sellerPaysReturnShipping() ? "RETURN_REQUESTED.sellerPays"
                    : "RETURN_REQUESTED.buyerPays");
        }
        if (event instanceof ReturnAddressConfirmed e) {
            return say("RETURN_ADDRESS_CONFIRMED", Party.SELLER, e.address());
        }
        if (event instanceof ReturnShipped e) {
            return say("RETURN_SHIPPED", Party.BUYER, e.carrier(), e.trackingNumber());
        }
        if (event instanceof ReturnDelivered e) {
            return text("RETURN_DELIVERED", time(e.deliveredAt()));
        }
        if (event instanceof ReturnReceived e) {
            return say("RETURN_RECEIVED", Party.SELLER);
        }
        if (event instanceof DisputeWithdrawn e) {
            return say("DISPUTE_WITHDRAWN", Party.BUYER) + quote(e.reason());
        }
        if (event instanceof EvidenceSubmitted e) {
            return say("EVIDENCE_SUBMITTED", e.by(), evidenceKind(e.kind(), e.piece()))
                    + quote(e.description());
        }
        if (event instanceof EvidenceWithdrawn e) {
            return say("EVIDENCE_WITHDRAWN", e.by()) + quote(e.reason());
        }
        if (event instanceof MessagePosted e) {
            return e.text();
        }
        if (event instanceof DisputeClosed e) {
            return text("DISPUTE_CLOSED", text("settledBy." + e.settledBy().name()),
                    money(e.refundToBuyer()), money(e.releaseToSeller()))
                    + (e.returnShippingReimbursement().isZero() ? ""
                    : " " + text("DISPUTE_CLOSED.reimbursement", money(e.returnShippingReimbursement())));
        }
        if (event instanceof DueTimeApproaching e) {
            return say("DUE_TIME_APPROACHING." + e.dueTime().name(), e.party(),
                    time(e.dueAt()), hours(e.before()), who(e.party()));
        }
        if (event instanceof DueTimePassed e) {
            return passed(e);
        }
        if (event instanceof DueTimeExtended e) {
            return say("DUE_TIME_EXTENDED." + e.dueTime().name(), e.party(), time(e.from()),
                    time(e.until()), who(e.party())) + quote(e.reason());
        }
        // An event of another module's making (none today) is named by its wire name rather than lost.
        return EventChain.typeOf(event);
    }

    private String passed(DueTimePassed event) {
        String outcome = event.outcome() == null ? "" : ": " + text("outcome." + event.outcome().name());
        if (event.dueTime() == DueTime.EVIDENCE && event.outcome() == null) {
            return text("DUE_TIME_PASSED.EVIDENCE.supplied", time(event.dueAt()));
        }
        return say("DUE_TIME_PASSED." + event.dueTime().name(), event.party(), time(event.dueAt()),
                who(event.party())) + outcome;
    }

    /**
     * A sentence about what {@code party} did: {@code <code>.you} when the reader is that party, otherwise
     * {@code <code>} with the party named as {@code {0}}, the other arguments following.
     */
    private String say(String code, Party party, Object... args) {
        boolean own = party == reader && (party == Party.BUYER || party == Party.SELLER);
        Object[] all = new Object[args.length + 1];
        all[0] = text("party." + named(party));
        System.arraycopy(args, 0, all, 1, args.length);
        return text(own ? code + ".you" : code, all);
    }

    private String text(String code, Object... args) {
        return MESSAGES.getMessage(code, args, locale);
    }

    /** The party in the middle of a sentence: "the buyer". */
    private String who(Party party) {
        return text("who." + named(party));
    }

    private static String named(Party party) {
        return party == Party.NOBODY ? Party.INTEGRATION.name() : party.name();
    }

    private String terms(Terms terms) {
        String code = "terms." + terms.type().name() + (terms.sellerPaysReturnShipping() ? ".sellerPays" : "");
        return terms.amount() == null ? text(code) : text(code, money(terms.amount()));
    }

    private String money(long minorUnits) {
        return money(minorUnits, currency, locale);
    }

    private String money(Money money) {
        return money(money.amount(), money.currency(), locale);
    }

    private String time(Instant instant) {
        return instant == null ? "" : time(instant, locale, zone);
    }

    private String hours(Duration duration) {
        return text("hours", duration == null ? 0 : duration.toHours());
    }

    private String evidenceKind(String kind, Integer piece) {
        String what = MESSAGES.getMessage("kind." + kind, null, kind, locale);
        return piece == null ? what : text("EVIDENCE_SUBMITTED.piece", what, piece);
    }

    /** Someone's own words, quoted after the sentence; nothing when they wrote none. */
    private String quote(String words) {
        return words == null || words.isBlank() ? "" : text("quote", words.strip());
    }
}
