package io.arbiter.dispute;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.arbiter.identity.Role;

/**
 * One line of a dispute's history: who did what, when. {@code summary} is the English line written from the
 * event's data; {@code event} is that data (null for an entry sealed in a form this version does not read, whose
 * stored text is shown as it was sealed) and {@code currency} the dispute's.
 */
public record TimelineEntry(long sequence, Instant at, String type, String actorId, Role actorRole, String actorName,
                            String summary, @JsonIgnore DisputeEvent event, @JsonIgnore String currency) {

    TimelineEntry named(String name) {
        return new TimelineEntry(sequence, at, type, actorId, actorRole, name, summary, event, currency);
    }

    /** The line as {@code reader} reads it, in their language and zone. */
    public String summaryFor(Party reader, Locale locale, ZoneId zone) {
        return event == null ? summary : EventTexts.describe(event, currency, reader, locale, zone);
    }

    /** This entry with its line written for one reader. */
    public TimelineEntry readBy(Party reader, Locale locale, ZoneId zone) {
        return new TimelineEntry(sequence, at, type, actorId, actorRole, actorName, summaryFor(reader, locale, zone),
                event, currency);
    }
}
