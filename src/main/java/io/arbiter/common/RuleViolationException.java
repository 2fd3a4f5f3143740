package io.arbiter.common;

/**
 * Answered as 422: the request is well formed but breaks a business rule (an amount above what was
 * paid, a reason that needs a statement without one). {@code field} names the input at fault, if any.
 */
public class RuleViolationException extends RuntimeException {

    private final String field;

    public RuleViolationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
