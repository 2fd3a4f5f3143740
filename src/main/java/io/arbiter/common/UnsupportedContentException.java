package io.arbiter.common;

/**
 * Answered as 415: an uploaded file is not what it was declared to be, or not a type Arbiter accepts (a "video"
 * whose bytes are a JPEG, an SVG, a ZIP with a nested archive). The message says what was found.
 */
public class UnsupportedContentException extends RuntimeException {

    private final String field;

    public UnsupportedContentException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
