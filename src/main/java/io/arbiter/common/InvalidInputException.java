package io.arbiter.common;

/** Answered as 400: an input is malformed or out of range before any business rule is looked at. */
public class InvalidInputException extends RuntimeException {

    private final String field;
    private final RefusalCode code;

    public InvalidInputException(String field, String message) {
        this(field, message, null);
    }

    public InvalidInputException(String field, String message, RefusalCode code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    /** A required text is empty. */
    public static InvalidInputException blank(String field) {
        return new InvalidInputException(field, field + " must not be blank", RefusalCode.BLANK_TEXT);
    }

    public String field() {
        return field;
    }

    /** The refusal's kind when its field alone does not name the rule, else null. */
    public RefusalCode code() {
        return code;
    }
}
