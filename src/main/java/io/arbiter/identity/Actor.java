package io.arbiter.identity;

import java.util.Objects;

/**
 * The authenticated caller: the marketplace's user id (the id orders name as buyer or seller) and the
 * caller's role.
 */
public record Actor(String id, Role role, String displayName) implements java.io.Serializable {

    public static final Actor SYSTEM = new Actor("arbiter", Role.SYSTEM, "Arbiter");

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        if (displayName == null || displayName.isBlank()) {
            displayName = id;
        }
    }

    public boolean is(Role candidate) {
        return role == candidate;
    }

    public boolean isOneOf(Role... candidates) {
        for (Role candidate : candidates) {
            if (role == candidate) {
                return true;
            }
        }
        return false;
    }
}
