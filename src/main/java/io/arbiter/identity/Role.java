package io.arbiter.identity;

public enum Role {
    BUYER,
    SELLER,
    AGENT,
    ADMIN,
    /** The marketplace's back end, calling with an API key. */
    INTEGRATION,
    /** Arbiter itself, acting when a due time passes. Never held by a login. */
    SYSTEM;

    public String authority() {
        return "ROLE_" + name();
    }
}
