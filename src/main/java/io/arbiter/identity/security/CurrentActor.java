package io.arbiter.identity.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;

import io.arbiter.identity.Actor;

final class CurrentActor {

    private CurrentActor() {
    }

    static Optional<Actor> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof PasswordUser user) {
            return Optional.of(user.actor());
        }
        if (principal instanceof Actor actor) {
            return Optional.of(actor);
        }
        return Optional.empty();
    }
}
