package io.arbiter.identity;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller of the current request, however it authenticated. */
public final class CurrentActor {

    private CurrentActor() {
    }

    /** A principal that knows the {@link Actor} behind it (a password login). */
    public interface Principal {
        Actor actor();
    }

    public static Optional<Actor> get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<Actor> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof Principal known) {
            return Optional.of(known.actor());
        }
        if (principal instanceof Actor actor) {
            return Optional.of(actor);
        }
        return Optional.empty();
    }
}
