package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** What operators and API clients reach without a marketplace account: the API description, health, metrics. */
class OperationsApiTests extends ApiTest {

    @Test
    void theOpenApiDescriptionIsPublicAndDescribesTheDisputeApi() {
        Api.Response response = marketplace.anonymous().get("/v3/api-docs").expect(200);

        assertThat(response.contentType()).startsWith("application/json");
        JsonNode paths = response.json().get("paths");
        assertThat(paths.has("/api/v1/disputes")).as(paths.propertyNames().toString()).isTrue();
        assertThat(paths.get("/api/v1/disputes").has("post")).isTrue();
        assertThat(paths.has("/api/v1/disputes/{id}")).isTrue();
    }

    @Test
    void healthIsPublicAndUp() {
        Api.Response response = marketplace.anonymous().get("/actuator/health").expect(200);

        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsNeedCredentials() {
        Api.Response response = marketplace.anonymous().get("/actuator/prometheus");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void prometheusMetricsAreRefusedToABuyer() {
        Api.Response response = marketplace.buyer().api().get("/actuator/prometheus");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(403);
    }

    @Test
    void prometheusMetricsAreServedToAnAdminInTheTextFormat() {
        Api admin = marketplace.admin().api();
        admin.get("/api/v1/reasons").expect(200);

        Api.Response response = admin.get("/actuator/prometheus").expect(200);

        assertThat(response.contentType()).satisfiesAnyOf(
                type -> assertThat(type).startsWith("text/plain"),
                type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(response.text()).contains("# HELP", "# TYPE", "jvm_memory_used_bytes",
                "http_server_requests_seconds_count");
    }
}
