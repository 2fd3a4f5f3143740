package io.arbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.PasswordChecks;

/**
 * HTTP Basic pays bcrypt once per remembered period, not per request, and a remembered password never outlives
 * the stored hash it was checked against. The encoder's checks are counted ({@link PasswordChecks}) to see how often
 * bcrypt really runs. API keys are a SHA-256 lookup, not bcrypt, and are not remembered: a revoked key is refused at
 * once.
 */
class PasswordAuthenticationTests extends ApiTest {

    /** The default of arbiter.security.verified-passwords.ttl. */
    private static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

    @Autowired
    private PasswordChecks bcryptChecks;
    @Autowired
    private PasswordEncoder passwordEncoder;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ApiKeys apiKeys;

    @BeforeEach
    void countFromHere() {
        bcryptChecks.reset();
    }

    @Test
    void theSecondRequestWithTheSamePasswordDoesNotRunBcryptAgain() {
        Person buyer = marketplace.buyer();

        buyer.api().get("/api/v1/me").expect(200);
        buyer.api().get("/api/v1/me").expect(200);
        assertAnswersAs(buyer.api().get("/api/v1/me").expect(200), buyer);

        assertThat(bcryptChecks.count()).isEqualTo(1);
    }

    @Test
    void aWrongPasswordAfterTheRightOneIsStillRefusedAndCheckedInFull() {
        Person buyer = marketplace.buyer();
        buyer.api().get("/api/v1/me").expect(200);

        for (int attempt = 0; attempt < 2; attempt++) {
            Api.Response refused = marketplace.anonymous().withBasic(buyer.username(), "wrong-password")
                    .get("/api/v1/me");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }

        assertThat(bcryptChecks.count()).isEqualTo(3);
    }

    @Test
    void theRightPasswordForAnotherUserIsNotTakenForTheRememberedOne() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        buyer.api().get("/api/v1/me").expect(200);

        // Both have the same password: the seller's own stored hash is checked, and the answer is the seller.
        assertAnswersAs(seller.api().get("/api/v1/me").expect(200), seller);

        assertThat(bcryptChecks.count()).isEqualTo(2);
    }

    @Test
    void afterAPasswordChangeTheOldPasswordIsRefusedAtOnceAndTheNewOneWorks() {
        Person buyer = marketplace.buyer();
        buyer.api().get("/api/v1/me").expect(200);

        // Written in SQL, as another instance or an operator would: nothing on this instance is told of it.
        jdbc.sql("update app_user set password_hash = :hash where username = :username")
                .param("hash", passwordEncoder.encode("a-new-password")).param("username", buyer.username()).update();

        assertThat(buyer.api().get("/api/v1/me").status()).isEqualTo(401);
        assertAnswersAs(marketplace.anonymous().withBasic(buyer.username(), "a-new-password").get("/api/v1/me")
                .expect(200), buyer);
    }

    @Test
    void aRemovedUserIsRefusedAtOnce() {
        Person buyer = marketplace.buyer();
        buyer.api().get("/api/v1/me").expect(200);

        jdbc.sql("delete from app_user where username = :username").param("username", buyer.username()).update();

        assertThat(buyer.api().get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void bcryptRunsAgainOnceTheRememberedPeriodHasPassed() {
        Person buyer = marketplace.buyer();
        buyer.api().get("/api/v1/me").expect(200);

        marketplace.advance(REMEMBERED_FOR.minusSeconds(1));
        buyer.api().get("/api/v1/me").expect(200);
        assertThat(bcryptChecks.count()).isEqualTo(1);

        marketplace.advance(Duration.ofSeconds(2));
        buyer.api().get("/api/v1/me").expect(200);
        assertThat(bcryptChecks.count()).isEqualTo(2);
    }

    @Test
    void aRevokedApiKeyIsRefusedAtOnce() {
        ApiKeys.CreatedKey key = apiKeys.create("revoked soon");
        Api integration = marketplace.anonymous().with("X-Api-Key", key.key());
        integration.get("/api/v1/me").expect(200);

        jdbc.sql("update api_key set revoked_at = current_timestamp where id = :id").param("id", key.id()).update();

        Api.Response refused = integration.get("/api/v1/me");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private static void assertAnswersAs(Api.Response me, Person expected) {
        assertThat(me.json().get("id").asString()).isEqualTo(expected.id());
        assertThat(me.json().get("role").asString()).isEqualTo(expected.role().name());
    }
}
