package io.arbiter.identity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jwt.JWTClaimsSet;

import io.arbiter.support.BearerTokenApiTest;
import io.arbiter.support.TestClock;

class RememberingJwtDecoderTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final KeyPair PROVIDER = BearerTokenApiTest.rsaKeyPair();

    private final TestClock clock = new TestClock(NOW);
    private final JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
    private final AtomicInteger verifications = new AtomicInteger();
    private final RememberingJwtDecoder decoder;

    RememberingJwtDecoderTests() {
        timestamps.setClock(clock);
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey((RSAPublicKey) PROVIDER.getPublic()).build();
        nimbus.setJwtValidator(timestamps);
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        decoder = new RememberingJwtDecoder(counting, timestamps, Duration.ofMinutes(2), 100, clock);
    }

    @Test
    void aTokenSentAgainIsNotVerifiedAgain() {
        String token = token("buyer-1", NOW.plus(Duration.ofMinutes(10)), PROVIDER);

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second.getSubject()).isEqualTo("buyer-1").isEqualTo(first.getSubject());
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenThatExpiresIsRefusedAtItsNextUse() {
        String token = token("buyer-2", NOW.plus(Duration.ofSeconds(30)), PROVIDER);
        decoder.decode(token);

        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aTokenIsVerifiedAgainOnceItsTimeInMemoryIsOver() {
        String token = token("buyer-3", NOW.plus(Duration.ofMinutes(10)), PROVIDER);
        decoder.decode(token);

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        decoder.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefusedEveryTimeAndNeverRemembered() {
        String forged = token("buyer-4", NOW.plus(Duration.ofMinutes(10)), BearerTokenApiTest.rsaKeyPair());

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void twoTokensOfOneUserAreTwoEntries() {
        String morning = token("buyer-5", NOW.plus(Duration.ofMinutes(10)), PROVIDER);
        String later = token("buyer-5", NOW.plus(Duration.ofMinutes(20)), PROVIDER);

        assertThat(decoder.decode(morning).getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(decoder.decode(later).getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
        assertThat(verifications).hasValue(2);
    }

    private static String token(String subject, Instant expires, KeyPair key) {
        return BearerTokenApiTest.token(new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(NOW))
                .expirationTime(Date.from(expires)).build(), key);
    }
}
