package io.arbiter.dispute;

import java.util.List;

/**
 * Filters of a dispute list. {@code assignment} is for agents: {@code UNASSIGNED} is the queue,
 * {@code MINE} the cases they took, {@code UNASSIGNED_OR_MINE} both; {@code overdueOnly} keeps the cases flagged past their review due time.
 */
public record DisputeFilter(List<DisputeStatus> statuses, boolean awaitingMe, String orderId, Assignment assignment,
                            Sort sort, boolean overdueOnly) {

    public enum Assignment { UNASSIGNED, MINE, UNASSIGNED_OR_MINE }

    /** {@code LATEST}: most recently opened first; {@code DUE}: soonest due time first. */
    public enum Sort { LATEST, DUE }

    public static DisputeFilter none() {
        return new DisputeFilter(List.of(), false, null, null, Sort.LATEST, false);
    }
}
