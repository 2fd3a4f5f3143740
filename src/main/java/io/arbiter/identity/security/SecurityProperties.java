package io.arbiter.identity.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * {@code arbiter.security.*}. OIDC bearer tokens are accepted when either {@code jwt.jwk-set-uri} or
 * {@code jwt.public-key-location} is set.
 */
@ConfigurationProperties("arbiter.security")
public record SecurityProperties(Integer bcryptStrength, String apiKeyHeader, Jwt jwt) {

    public SecurityProperties {
        bcryptStrength = bcryptStrength == null ? 10 : bcryptStrength;
        apiKeyHeader = apiKeyHeader == null ? "X-Api-Key" : apiKeyHeader;
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null) : jwt;
    }

    /**
     * @param issuer          expected {@code iss}; tokens from any other issuer are refused
     * @param jwkSetUri       where the provider publishes its signing keys
     * @param publicKeyLocation a PEM RSA public key, for providers without a JWK set (and for tests)
     * @param userIdClaim     the claim holding the marketplace's user id
     * @param roleClaim       the claim holding the role (a string or a list; the first known role wins)
     * @param nameClaim       the claim holding the display name
     */
    public record Jwt(String issuer, String jwkSetUri, Resource publicKeyLocation, String userIdClaim,
                      String roleClaim, String nameClaim) {

        public Jwt {
            userIdClaim = userIdClaim == null ? "sub" : userIdClaim;
            roleClaim = roleClaim == null ? "arbiter_role" : roleClaim;
            nameClaim = nameClaim == null ? "name" : nameClaim;
        }

        public boolean enabled() {
            return (jwkSetUri != null && !jwkSetUri.isBlank()) || publicKeyLocation != null;
        }
    }
}
