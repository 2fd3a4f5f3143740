package io.arbiter.dispute;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.arbiter.identity.Actor;

/**
 * Something that happened to a dispute, as data ({@link EventTexts} writes its words for each reader). Every state
 * change registers one or more; the dispute's chain seals each, and other modules (deadlines, notifications,
 * settlement, webhooks) react to them. Sealed: the events are the ones {@link DisputeEvents} declares, each with its
 * {@link Wire wire names}.
 */
public sealed interface DisputeEvent permits DisputeEvents.DisputeOpened,
        DisputeEvents.OfferMade,
        DisputeEvents.OfferDeclined,
        DisputeEvents.OfferAccepted,
        DisputeEvents.ClaimContested,
        DisputeEvents.DisputeEscalated,
        DisputeEvents.CaseAssigned,
        DisputeEvents.InformationRequested,
        DisputeEvents.InformationProvided,
        DisputeEvents.SuggestionPosted,
        DisputeEvents.SuggestionAccepted,
        DisputeEvents.PrivateLimitStated,
        DisputeEvents.DisputeDecided,
        DisputeEvents.ReturnRequested,
        DisputeEvents.ReturnAddressConfirmed,
        DisputeEvents.ReturnShipped,
        DisputeEvents.ReturnDelivered,
        DisputeEvents.ReturnReceived,
        DisputeEvents.DisputeWithdrawn,
        DisputeEvents.EvidenceSubmitted,
        DisputeEvents.EvidenceWithdrawn,
        DisputeEvents.MessagePosted,
        DisputeEvents.DisputeClosed,
        DisputeEvents.DueTimeApproaching,
        DisputeEvents.DueTimePassed,
        DisputeEvents.DueTimeExtended {

    UUID disputeId();

    Actor actor();

    Instant at();

    /** Who may read this event in the timeline. */
    default Visibility visibility() {
        return Visibility.EVERYONE;
    }

    /** Every kind of dispute event, in the order {@link DisputeEvents} declares them. */
    static List<Class<? extends DisputeEvent>> types() {
        return Wire.TYPES;
    }

    /** The names the event type goes by outside Java. */
    static Wire wireOf(Class<? extends DisputeEvent> type) {
        Wire wire = type.getAnnotation(Wire.class);
        if (wire == null) {
            throw new IllegalStateException(type.getName() + " declares no wire names");
        }
        return wire;
    }

    /**
     * The names an event goes by outside Java, declared once on each event so that renaming a class changes no
     * public name: {@code type} in the record, the timeline and the event texts; {@code webhook} in webhooks
     * ({@link #NEVER_SENT} for events webhooks never carry).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Wire {

        String NEVER_SENT = "";

        List<Class<? extends DisputeEvent>> TYPES = Arrays.stream(DisputeEvent.class.getPermittedSubclasses())
                .<Class<? extends DisputeEvent>>map(type -> type.asSubclass(DisputeEvent.class)).toList();

        String type();

        String webhook();
    }

    enum Visibility {
        EVERYONE,
        /** The buyer and agents only. */
        BUYER_AND_AGENTS,
        /** The seller and agents only. */
        SELLER_AND_AGENTS
    }
}
