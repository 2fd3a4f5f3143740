package io.arbiter.web;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

class RequestBodyLimitTests extends ApiTest {

    private static final int OVER_THE_LIMIT = 1024 * 1024 + 1;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void refusesABodyDeclaredLargerThanTheLimitWith413AndOpensNothing() throws Exception {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());

        Api.Response refused = buyer.api().post("/api/v1/disputes", hugeClaim(orderId));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(refused.json().get("detail").asString()).contains("arbiter.api.max-json-size");
        assertThat(buyer.api().get("/api/v1/disputes").expect(200).json().get("items")).isEmpty();
    }

    @Test
    void refusesAChunkedBodyOnceItCrossesTheLimitAlsoWithAnIdempotencyKey() throws Exception {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());

        for (String key : new String[] {null, "huge-" + System.nanoTime()}) {
            HttpResponse<String> refused = sendChunked(buyer, hugeClaim(orderId), key);

            assertThat(refused.statusCode()).as("key %s", key).isEqualTo(413);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = Api.JSON.readTree(refused.body());
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("body");
        }
        assertThat(buyer.api().get("/api/v1/disputes").expect(200).json().get("items")).isEmpty();

        // A body under the limit, sent the same way, is read as usual.
        String ordinary = Api.JSON.writeValueAsString(claim(orderId, "QUALITY_ISSUE", partialRefund(500)));
        assertThat(sendChunked(buyer, ordinary, null).statusCode()).isEqualTo(201);
    }

    private static String hugeClaim(String orderId) {
        Map<String, Object> claim = claim(orderId, "QUALITY_ISSUE", partialRefund(500));
        claim.put("description", "x".repeat(OVER_THE_LIMIT));
        return Api.JSON.writeValueAsString(claim);
    }

    private HttpResponse<String> sendChunked(Person buyer, String json, String idempotencyKey) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/disputes"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (buyer.username() + ":" + Marketplace.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                // A stream of unknown length goes out chunked, without a Content-Length to refuse it by.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
