package io.arbiter.identity.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.arbiter.identity.Role;

/** Reads an Arbiter role from an identity provider's claim: a string or a list; the first known role wins. */
final class RoleClaim {

    private RoleClaim() {
    }

    static Optional<Role> roleOf(Object claim) {
        Collection<?> candidates = claim instanceof Collection<?> list ? list : claim == null ? List.of() : List.of(claim);
        for (Object candidate : candidates) {
            String name = String.valueOf(candidate).toUpperCase().replaceFirst("^ROLE_", "");
            for (Role role : Role.values()) {
                if (role != Role.SYSTEM && role.name().equals(name)) {
                    return Optional.of(role);
                }
            }
        }
        return Optional.empty();
    }
}
