package io.arbiter.identity.security;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * Turns a person who logged in through the marketplace's OIDC provider into an {@link Actor}: the user id comes
 * from the configured claim (the id orders name as buyer or seller). A party Arbiter already knows keeps its role;
 * anyone else needs a role in the role claim, or is refused.
 */
class OidcActorUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final UserDirectory users;
    private final SecurityProperties.Jwt claims;

    OidcActorUserService(UserDirectory users, SecurityProperties.Jwt claims) {
        this.users = users;
        this.claims = claims;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = delegate.loadUser(request);
        Object id = user.getClaims().get(claims.userIdClaim());
        if (id == null || String.valueOf(id).isBlank()) {
            throw refused("the identity provider sent no '" + claims.userIdClaim() + "' claim");
        }
        String userId = String.valueOf(id);
        Role role = users.findById(userId).map(UserDirectory.User::role)
                .or(() -> RoleClaim.roleOf(user.getClaims().get(claims.roleClaim())))
                .filter(candidate -> candidate != Role.INTEGRATION)
                .orElseThrow(() -> refused("'" + userId + "' is not a party, agent or admin Arbiter knows"));
        Object name = user.getClaims().get(claims.nameClaim());
        Actor actor = new Actor(userId, role, name == null ? null : String.valueOf(name));
        return new ActorOidcUser(actor, user);
    }

    private static OAuth2AuthenticationException refused(String reason) {
        return new OAuth2AuthenticationException(new OAuth2Error("access_denied", reason, null), reason);
    }

    /** The OIDC login's principal, carrying the Actor so pages and the API see the same caller as with a password. */
    static final class ActorOidcUser extends DefaultOidcUser implements CurrentActor.Principal {

        private final Actor actor;

        ActorOidcUser(Actor actor, OidcUser user) {
            super(List.of(new SimpleGrantedAuthority(actor.role().authority())), user.getIdToken(), user.getUserInfo());
            this.actor = actor;
        }

        @Override
        public Actor actor() {
            return actor;
        }

        @Override
        public String getName() {
            return actor.id();
        }
    }
}
