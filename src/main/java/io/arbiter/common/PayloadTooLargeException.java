package io.arbiter.common;

/** Answered as 413: an upload is larger than the limit for its kind, or expands beyond what is allowed. */
public class PayloadTooLargeException extends RuntimeException {

    private final String field;

    public PayloadTooLargeException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
