package io.arbiter.dispute;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.arbiter.dispute.DisputeReason.EvidenceRequirement;

/**
 * The due times a dispute runs now and has not yet enforced, for the engine that enforces them; null where none
 * runs. Read under the dispute's lock, so they cannot change before the reader's transaction ends.
 *
 * @param awaiting whose move it is, the party the current due time binds
 * @param reminders how long before each due time its party is reminded, as the dispute's policy says
 * @param evidenceRequired what the reason asks of the buyer, to check whether it was supplied
 */
public record RunningDueTimes(UUID disputeId, String orderId, Party awaiting, Instant current, Instant evidence,
                              List<Duration> reminders, List<EvidenceRequirement> evidenceRequired,
                              int piecesAffected) {

    public Instant of(DueTime dueTime) {
        return dueTime == DueTime.CURRENT ? current : evidence;
    }
}
