package io.arbiter.identity.security;


import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.jwt.Jwt;

import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** Reads the caller's user id, role and name from the configured claims of a validated token. */
class JwtActorConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.Jwt settings;

    JwtActorConverter(SecurityProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String userId = jwt.getClaimAsString(settings.userIdClaim());
        if (userId == null || userId.isBlank()) {
            throw new InvalidBearerTokenException("the token has no '" + settings.userIdClaim() + "' claim");
        }
        Role role = roleOf(jwt.getClaim(settings.roleClaim()));
        return new ActorAuthentication(new Actor(userId, role, jwt.getClaimAsString(settings.nameClaim())), jwt);
    }

    private Role roleOf(Object claim) {
        return RoleClaim.roleOf(claim).orElseThrow(() -> new InvalidBearerTokenException(
                "the token's '" + settings.roleClaim() + "' claim names no Arbiter role"));
    }
}
