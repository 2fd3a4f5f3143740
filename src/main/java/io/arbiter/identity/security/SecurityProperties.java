package io.arbiter.identity.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * {@code arbiter.security.*}. OIDC bearer tokens are accepted when either {@code jwt.jwk-set-uri} or
 * {@code jwt.public-key-location} is set.
 */
@ConfigurationProperties("arbiter.security")
public record SecurityProperties(Integer bcryptStrength, String apiKeyHeader, VerifiedPasswords verifiedPasswords,
                                 SignInThrottle signInThrottle, Jwt jwt) {

    public SecurityProperties {
        bcryptStrength = bcryptStrength == null ? 10 : bcryptStrength;
        apiKeyHeader = apiKeyHeader == null ? "X-Api-Key" : apiKeyHeader;
        verifiedPasswords = verifiedPasswords == null ? new VerifiedPasswords(null, null) : verifiedPasswords;
        signInThrottle = signInThrottle == null ? new SignInThrottle(null, null, null, null, null) : signInThrottle;
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null, null, null) : jwt;
    }

    /**
     * Failed sign-ins (passwords and API keys) allowed per account and per client address within a sliding
     * {@code window}; past either, sign-ins are refused until the oldest failure leaves the window. Failures are
     * written to {@code sign_in_attempt} and kept for {@code keepAttempts}.
     */
    public record SignInThrottle(Duration window, Integer maxFailuresPerAccount, Integer maxFailuresPerAddress,
                                 Duration keepAttempts, Long maxTracked) {

        public SignInThrottle {
            window = window == null ? Duration.ofMinutes(15) : window;
            maxFailuresPerAccount = maxFailuresPerAccount == null ? 10 : maxFailuresPerAccount;
            maxFailuresPerAddress = maxFailuresPerAddress == null ? 100 : maxFailuresPerAddress;
            keepAttempts = keepAttempts == null ? Duration.ofDays(30) : keepAttempts;
            maxTracked = maxTracked == null ? 100_000L : maxTracked;
            if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(
                        "arbiter.security.sign-in-throttle.window must be longer than zero and at most 1d");
            }
            if (maxFailuresPerAccount < 1 || maxFailuresPerAddress < 1 || maxTracked < 1) {
                throw new IllegalArgumentException(
                        "arbiter.security.sign-in-throttle.max-failures-per-account, .max-failures-per-address and "
                                + ".max-tracked must be at least 1");
            }
        }
    }

    /**
     * How long, and for how many logins at most, a password bcrypt accepted is remembered, so that the next
     * requests with it skip bcrypt. A ttl of zero turns remembering off.
     */
    public record VerifiedPasswords(Duration ttl, Long maxEntries) {

        public VerifiedPasswords {
            ttl = ttl == null ? Duration.ofMinutes(5) : ttl;
            maxEntries = maxEntries == null ? 10_000L : maxEntries;
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("arbiter.security.verified-passwords.ttl must not be negative");
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("arbiter.security.verified-passwords.max-entries must be at least 1");
            }
        }

        public boolean enabled() {
            return !ttl.isZero();
        }
    }

    /**
     * @param issuer          expected {@code iss}; tokens from any other issuer are refused
     * @param jwkSetUri       where the provider publishes its signing keys
     * @param publicKeyLocation a PEM RSA public key, for providers without a JWK set (and for tests)
     * @param userIdClaim     the claim holding the marketplace's user id
     * @param roleClaim       the claim holding the role (a string or a list; the first known role wins)
     * @param nameClaim       the claim holding the display name
     * @param verifiedTtl     how long a token whose signature was verified is remembered (zero: never), so that
     *                        the next requests with it skip the parse and the signature; expiry is checked each time
     * @param verifiedMaxEntries how many tokens are remembered at most
     */
    public record Jwt(String issuer, String jwkSetUri, Resource publicKeyLocation, String userIdClaim,
                      String roleClaim, String nameClaim, Duration verifiedTtl, Long verifiedMaxEntries) {

        public Jwt {
            userIdClaim = userIdClaim == null ? "sub" : userIdClaim;
            roleClaim = roleClaim == null ? "arbiter_role" : roleClaim;
            nameClaim = nameClaim == null ? "name" : nameClaim;
            verifiedTtl = verifiedTtl == null ? Duration.ofMinutes(2) : verifiedTtl;
            verifiedMaxEntries = verifiedMaxEntries == null ? 10_000L : verifiedMaxEntries;
            if (verifiedTtl.isNegative()) {
                throw new IllegalArgumentException("arbiter.security.jwt.verified-ttl must not be negative");
            }
            if (verifiedMaxEntries < 1) {
                throw new IllegalArgumentException("arbiter.security.jwt.verified-max-entries must be at least 1");
            }
        }

        public boolean enabled() {
            return (jwkSetUri != null && !jwkSetUri.isBlank()) || publicKeyLocation != null;
        }
    }
}
