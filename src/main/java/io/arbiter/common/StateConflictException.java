package io.arbiter.common;

import java.util.List;

/** Answered as 409: the action is not possible in the current state, or the caller's copy is stale. */
public class StateConflictException extends RuntimeException {

    private final String currentState;
    private final List<String> allowedActions;

    public StateConflictException(String message) {
        this(message, null, List.of());
    }

    public StateConflictException(String message, String currentState, List<String> allowedActions) {
        super(message);
        this.currentState = currentState;
        this.allowedActions = List.copyOf(allowedActions);
    }

    public String currentState() {
        return currentState;
    }

    public List<String> allowedActions() {
        return allowedActions;
    }
}
