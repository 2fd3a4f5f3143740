package io.arbiter.dispute;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A dispute in a list: enough to see where it stands and whether it waits for you. {@code reviewOverdue}: in the
 * agents' queue past its review due time, with no agent acting since. {@code latestUpdate} is the latest entry
 * everyone may read, in English; {@code latest} that entry, to write it for a reader.
 */
public record DisputeSummary(UUID id, String orderId, DisputeReason reason, DisputeStatus status, Party whoseMove,
                             Instant dueAt, boolean awaitingYou, String buyerId, String sellerId,
                             String assignedAgentId, String currency, long held, Instant openedAt,
                             Instant latestUpdateAt, String latestUpdate, boolean reviewOverdue,
                             @JsonIgnore TimelineEntry latest) {

    /** This summary with its latest update written for one reader. */
    public DisputeSummary readBy(Party reader, Locale locale, ZoneId zone) {
        return latest == null ? this : new DisputeSummary(id, orderId, reason, status, whoseMove, dueAt, awaitingYou,
                buyerId, sellerId, assignedAgentId, currency, held, openedAt, latestUpdateAt,
                latest.summaryFor(reader, locale, zone), reviewOverdue, latest);
    }
}
