package io.arbiter.common;

/**
 * Answered as 422: the request is well formed but breaks a business rule (an amount above what was
 * paid, a reason that needs a statement without one). {@code field} names the input at fault, if any.
 */
public class RuleViolationException extends RuntimeException {

    private final String field;
    private final RefusalCode code;

    public RuleViolationException(String field, String message) {
        this(field, message, null);
    }

    private RuleViolationException(String field, String message, RefusalCode code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    /** A text the rule requires is empty. */
    public static RuleViolationException blank(String field) {
        return new RuleViolationException(field, field + " must not be blank", RefusalCode.BLANK_TEXT);
    }

    public String field() {
        return field;
    }

    /** The refusal's kind when its field alone does not name the rule, else null. */
    public RefusalCode code() {
        return code;
    }
}
