package io.arbiter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * {@link ApiTest} with OIDC bearer tokens signed by a key made for this JVM: no identity provider is called. Every
 * {@code ApiTest} context accepts them ({@link ApiTest} registers the key), so the classes that send tokens share the
 * common context (per database), where their own properties booted one more. The tokens' times are real time,
 * because the token validator keeps the system clock, not the test clock.
 */
public abstract class BearerTokenApiTest extends ApiTest {

    protected static final String ISSUER = "https://id.test.example";
    private static final KeyPair PROVIDER_KEY = rsaKeyPair();
    private static final Path PUBLIC_KEY_PEM = writePem(PROVIDER_KEY);

    /** The properties that make a context accept this JVM's tokens. */
    static void acceptBearerTokens(DynamicPropertyRegistry registry) {
        registry.add("arbiter.security.jwt.public-key-location", () -> PUBLIC_KEY_PEM.toUri().toString());
        registry.add("arbiter.security.jwt.issuer", () -> ISSUER);
        registry.add("arbiter.security.jwt.user-id-claim", () -> "sub");
        registry.add("arbiter.security.jwt.role-claim", () -> "arbiter_role");
        registry.add("arbiter.security.jwt.name-claim", () -> "name");
    }

    /** A token's claims from the provider, valid for ten minutes; without a role claim when {@code role} is null. */
    protected static JWTClaimsSet.Builder claims(String subject, String role) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        return role == null ? claims : claims.claim("arbiter_role", role);
    }

    /** The claims signed by the provider's key. */
    protected static String token(JWTClaimsSet claims) {
        return token(claims, PROVIDER_KEY);
    }

    public static String token(JWTClaimsSet claims, KeyPair key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as PEM (X.509 SubjectPublicKeyInfo), as a provider publishes it. */
    private static Path writePem(KeyPair key) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("arbiter-oidc-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
