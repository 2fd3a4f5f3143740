package io.arbiter.identity.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers, for a short time, a bearer token whose signature was verified, so that a caller sending the same token
 * with every request pays the parse and the RSA verification once per {@code ttl}, not once per request (about a
 * twentieth of a lifecycle's CPU in the lifecycle benchmark).
 *
 * <p>A token is immutable, so what was verified stays true of it; what changes with time does not: every use,
 * remembered or not, runs the validator again (expiry, not-before, issuer), so an expired token is refused at once.
 * Entries are keyed by an HMAC of the token under a key each process makes at start ({@link ProcessDigest}). A
 * signing key the provider withdraws stops being trusted for tokens already seen after at most {@code ttl}.
 */
final class RememberingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;
    private final ProcessDigest digest = new ProcessDigest();

    RememberingJwtDecoder(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Duration ttl, long maxEntries,
                          Clock clock) {
        this.verifier = verifier;
        this.validator = validator;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ClockTicker.of(clock))
                .build();
    }

    @Override
    public Jwt decode(String token) {
        String key = digest.of(token);
        Jwt remembered = verified.getIfPresent(key);
        if (remembered == null) {
            Jwt jwt = verifier.decode(token);
            verified.put(key, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(remembered);
        if (result.hasErrors()) {
            verified.invalidate(key);
            // Worded as the verifier words it, so that a token refused from memory reads like one refused afresh.
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: "
                    + result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return remembered;
    }
}
