package io.arbiter.identity.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.arbiter.identity.Actor;

/** An authenticated caller whose identity did not come from a password: an API key or a bearer token. */
class ActorAuthentication extends AbstractAuthenticationToken {

    private final Actor actor;
    private final Object credentials;

    ActorAuthentication(Actor actor, Object credentials) {
        super(List.of(new SimpleGrantedAuthority(actor.role().authority())));
        this.actor = actor;
        this.credentials = credentials;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return credentials;
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.id();
    }
}
