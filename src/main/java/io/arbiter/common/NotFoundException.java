package io.arbiter.common;

/**
 * Answered as 404. Also used when something exists but the caller may not see it, so that nobody can
 * probe for other parties' orders and disputes.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " was not found");
    }

    private NotFoundException(String message) {
        super(message);
    }

    /** Something that exists has no such part (a link has no file, a video has no thumbnail). */
    public static NotFoundException because(String message) {
        return new NotFoundException(message);
    }
}
