package io.arbiter.common;

/** Answered as 403: the caller can see the thing but its role may not do this to it. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
