package io.arbiter.common;

import java.util.List;

/** Answered as 409: the action is not possible in the current state, or the caller's copy is stale. */
public class StateConflictException extends RuntimeException {

    private final String currentState;
    private final List<String> allowedActions;
    private final RefusalCode code;

    public StateConflictException(String message) {
        this(message, null, List.of());
    }

    public StateConflictException(String message, String currentState, List<String> allowedActions) {
        this(message, currentState, allowedActions, null);
    }

    public StateConflictException(String message, String currentState, List<String> allowedActions,
                                  RefusalCode code) {
        super(message);
        this.currentState = currentState;
        this.allowedActions = List.copyOf(allowedActions);
        this.code = code;
    }

    public String currentState() {
        return currentState;
    }

    public List<String> allowedActions() {
        return allowedActions;
    }

    /** {@link RefusalCode#STALE_COPY} when the caller's copy is stale, else null: the action came at the wrong time. */
    public RefusalCode code() {
        return code;
    }
}
