package io.arbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;

import io.arbiter.support.Api;
import io.arbiter.support.BearerTokenApiTest;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** OIDC bearer tokens, checked against a locally generated RSA key (see {@link BearerTokenApiTest}). */
class JwtAuthenticationTests extends BearerTokenApiTest {

    private static final KeyPair OTHER_KEY = rsaKeyPair();

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
}
