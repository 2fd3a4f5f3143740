package io.arbiter.identity.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins for the account or from the address: answered 429 with Retry-After. */
class SignInThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    SignInThrottledException(Duration retryAfter) {
        super("too many failed sign-ins; try again in " + seconds(retryAfter) + " seconds");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up and at least one, as Retry-After wants them. */
    long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration duration) {
        return Math.max(1, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    }
}
