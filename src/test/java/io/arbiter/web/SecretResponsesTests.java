package io.arbiter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;

/** A response that carries a secret is never stored for idempotent replay, and says so to caches. */
class SecretResponsesTests extends ApiTest {

    @Test
    void aNewApiKeyIsNotKeptForReplay() {
        Person admin = marketplace.admin();
        Api withKey = admin.api().with("Idempotency-Key", "key-" + System.nanoTime());
        Api.Response first = withKey.post("/api/v1/admin/api-keys", Map.of("name", "back end")).expect(201);
        assertThat(first.header("Cache-Control")).contains("no-store");
        Api.Response second = withKey.post("/api/v1/admin/api-keys", Map.of("name", "back end")).expect(201);
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.json().get("key").asString()).isNotEqualTo(first.json().get("key").asString());
    }

    @Test
    void theIntegrationNeverReadsAPrivateLimit() {
        var dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/private-limit", Map.of("amount", 4321))
                .expect(200);
        String seen = marketplace.integration().get("/api/v1/disputes/" + dispute.id()).expect(200).text();
        assertThat(seen).doesNotContain("4321");
    }
}
