package io.arbiter.common;

/** Answered as 400: an input is malformed or out of range before any business rule is looked at. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
