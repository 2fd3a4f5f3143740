package io.arbiter.dispute;

import java.util.List;

/**
 * An action the caller would be offered now but for something still missing: {@code reason} names what blocks it,
 * {@code missing} the codes of the evidence requirements that would unblock it.
 */
public record BlockedAction(DisputeAction action, Reason reason, String detail, List<String> missing) {

    public enum Reason {
        /** The dispute's reason requires evidence the buyer has not supplied yet. */
        REQUIRED_EVIDENCE_MISSING
    }
}
