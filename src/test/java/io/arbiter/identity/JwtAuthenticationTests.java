package io.arbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * OIDC bearer tokens, checked against a locally generated RSA key: no identity provider is called. The
 * tokens' times are real time, because the token validator keeps the system clock, not the test clock.
 */
class JwtAuthenticationTests extends ApiTest {

    static final String ISSUER = "https://id.test.example";
    private static final KeyPair PROVIDER_KEY = rsaKeyPair();
    private static final KeyPair OTHER_KEY = rsaKeyPair();
    private static final Path PUBLIC_KEY_PEM = writePem(PROVIDER_KEY);

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("arbiter.security.jwt.public-key-location", () -> PUBLIC_KEY_PEM.toUri().toString());
        registry.add("arbiter.security.jwt.issuer", () -> ISSUER);
        registry.add("arbiter.security.jwt.user-id-claim", () -> "sub");
        registry.add("arbiter.security.jwt.role-claim", () -> "arbiter_role");
        registry.add("arbiter.security.jwt.name-claim", () -> "name");
    }

    @Test
    void aBuyersTokenReadsItsOwnOrderAndGets404ForAnotherBuyersOrder() {
        String buyerId = "oidc-buyer-" + UUID.randomUUID();
        Api bearer = marketplace.anonymous().withBearer(token(claims(buyerId, "BUYER").build()));
        Person buyer = new Person(buyerId, "oidc-buyer", Role.BUYER, bearer);
        String own = marketplace.deliveredOrder(buyer, marketplace.seller());
        String foreign = marketplace.deliveredOrder(marketplace.buyer(), marketplace.seller());

        JsonNode order = bearer.get("/api/v1/orders/" + own).expect(200).json();
        assertThat(order.get("buyerId").asString()).isEqualTo(buyerId);
        assertThat(bearer.get("/api/v1/orders").expect(200).json().get("totalItems").asLong()).isEqualTo(1);

        Api.Response refused = bearer.get("/api/v1/orders/" + foreign);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void meAnswersWithTheUserIdRoleAndNameFromTheTokensClaims() {
        String id = "oidc-" + UUID.randomUUID();
        JsonNode me = marketplace.anonymous()
                .withBearer(token(claims(id, "BUYER").claim("name", "Olga Idc").build()))
                .get("/api/v1/me").expect(200).json();

        assertThat(me.get("id").asString()).isEqualTo(id);
        assertThat(me.get("role").asString()).isEqualTo("BUYER");
        assertThat(me.get("displayName").asString()).isEqualTo("Olga Idc");
    }

    @Test
    void aRoleClaimThatIsAListOfSpringStyleRolesIsUnderstood() {
        String sellerId = "oidc-seller-" + UUID.randomUUID();
        Api bearer = marketplace.anonymous().withBearer(token(claims(sellerId, null)
                .claim("arbiter_role", List.of("offline_access", "ROLE_SELLER")).build()));
        String order = marketplace.deliveredOrder(marketplace.buyer(),
                new Person(sellerId, "oidc-seller", Role.SELLER, bearer));

        assertThat(bearer.get("/api/v1/me").expect(200).json().get("role").asString()).isEqualTo("SELLER");
        assertThat(bearer.get("/api/v1/orders/" + order).expect(200).json().get("sellerId").asString())
                .isEqualTo(sellerId);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedWith401() {
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), "BUYER")
                .issuer("https://evil.test.example").build()));
    }

    @Test
    void anExpiredTokenIsRefusedWith401() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), "BUYER")
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofHours(1)))).build()));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedWith401() {
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), "BUYER").build(), OTHER_KEY));
    }

    @Test
    void aTokenWithoutARoleClaimIsRefusedWith401() {
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), null).build()));
    }

    @Test
    void aTokenWhoseRoleIsUnknownToArbiterIsRefusedWith401() {
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), "WIZARD").build()));
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), null)
                .claim("arbiter_role", List.of("ROLE_USER", "offline_access")).build()));
    }

    @Test
    void aTokenCannotClaimTheSystemRoleThatNoLoginHolds() {
        expectUnauthorized(token(claims("oidc-" + UUID.randomUUID(), "SYSTEM").build()));
    }

    @Test
    void aTokenWithoutASubjectIsRefusedWith401() {
        expectUnauthorized(token(new JWTClaimsSet.Builder().issuer(ISSUER).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                .claim("arbiter_role", "BUYER").build()));
    }

    @Test
    void somethingThatIsNotASignedTokenIsRefusedWith401() {
        expectUnauthorized("not-a-token");
    }

    @Test
    void httpBasicAndTheApiKeyStillWorkWhenBearerTokensAreAccepted() {
        Person buyer = marketplace.buyer();
        JsonNode me = buyer.api().get("/api/v1/me").expect(200).json();
        assertThat(me.get("id").asString()).isEqualTo(buyer.id());
        assertThat(me.get("role").asString()).isEqualTo("BUYER");
        assertThat(marketplace.integration().get("/api/v1/me").expect(200).json().get("role").asString())
                .isEqualTo("INTEGRATION");

        Api.Response wrongPassword = marketplace.anonymous().withBasic(buyer.username(), "wrong-password")
                .get("/api/v1/me");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
    }

    /**
     * Idempotency keys belong to the caller who sent them. A bearer caller whose subject happens to equal a
     * password user's login name is another person and must not be answered with that user's stored responses.
     */
    @Test
    void aBearerCallerNeverReplaysTheStoredResponseOfAPasswordUserWhoseUsernameEqualsItsSubject() {
        Person buyer = marketplace.buyer();
        String order = marketplace.deliveredOrder(buyer, marketplace.seller());
        String path = "/api/v1/orders/" + order + "/messages";
        Map<String, String> body = Map.of("text", "My address is 1 Private Lane");
        buyer.api().with("Idempotency-Key", "message-1").post(path, body).expect(201);

        Api namesake = marketplace.anonymous().withBearer(token(claims(buyer.username(), "BUYER").build()))
                .with("Idempotency-Key", "message-1");
        Api.Response response = namesake.post(path, body);

        assertThat(response.header("Idempotent-Replayed")).as(response.toString()).isNull();
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ tokens

    private void expectUnauthorized(String token) {
        Api.Response response = marketplace.anonymous().withBearer(token).get("/api/v1/me");
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }

    private static JWTClaimsSet.Builder claims(String subject, String role) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        return role == null ? claims : claims.claim("arbiter_role", role);
    }

    private static String token(JWTClaimsSet claims) {
        return token(claims, PROVIDER_KEY);
    }

    private static String token(JWTClaimsSet claims, KeyPair key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
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
