package io.arbiter.identity.security;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;

/** A user who logged in with a password (HTTP Basic). */
record PasswordUser(Actor actor, String username, String passwordHash) implements UserDetails, CurrentActor.Principal {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(actor.role().authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }
}
