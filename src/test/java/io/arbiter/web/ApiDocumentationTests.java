package io.arbiter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document a marketplace's engineers open first: what it is, how to authenticate, what to send. */
class ApiDocumentationTests extends ApiTest {

    @Test
    void describesTheApiAndTheThreeWaysToAuthenticate() {
        JsonNode document = apiDocs();
        assertThat(document.get("info").get("title").asString()).isEqualTo("Arbiter API");
        assertThat(document.get("info").get("version").asString()).isEqualTo("v1");
        assertThat(document.get("info").get("description").asString()).contains("First start in production");

        JsonNode schemes = document.get("components").get("securitySchemes");
        assertThat(schemes.get(ApiDocumentation.BASIC).get("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.get(ApiDocumentation.API_KEY).get("in").asString()).isEqualTo("header");
        assertThat(schemes.get(ApiDocumentation.API_KEY).get("name").asString()).isEqualTo("X-Api-Key");
        assertThat(schemes.get(ApiDocumentation.BEARER).get("bearerFormat").asString()).isEqualTo("JWT");
        List<String> alternatives = new ArrayList<>();
        document.get("security").forEach(requirement -> alternatives.addAll(requirement.propertyNames()));
        assertThat(alternatives).containsExactly(ApiDocumentation.BASIC, ApiDocumentation.API_KEY,
                ApiDocumentation.BEARER);
    }

    @Test
    void groupsEveryTusEndpointUnderOneDescribedTag() {
        JsonNode document = apiDocs();
        List<String> tagged = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (path.getKey().contains("/uploads")) {
                assertThat(operation.getValue().get("tags").get(0).asString()).as(path.getKey())
                        .isEqualTo(ApiDocumentation.TUS_TAG);
                tagged.add(operation.getKey().toUpperCase(Locale.ROOT));
            }
        }));
        assertThat(tagged).contains("POST", "HEAD", "PATCH", "DELETE");
        List<JsonNode> tags = new ArrayList<>();
        document.get("tags").forEach(tag -> {
            if (tag.get("name").asString().equals(ApiDocumentation.TUS_TAG)) {
                tags.add(tag);
            }
        });
        assertThat(tags).singleElement().satisfies(tag ->
                assertThat(tag.get("description").asString()).contains("tus 1.0").contains("HEAD"));
    }

    @Test
    void showsAnExampleBodyForEachMainRequest() {
        JsonNode paths = apiDocs().get("paths");
        ApiDocumentation.EXAMPLES.keySet().forEach(request -> {
            String[] methodAndPath = request.split(" ", 2);
            JsonNode operation = paths.path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            assertThat(operation.path("requestBody").path("content").path("application/json").path("example")
                    .isObject()).as(request).isTrue();
        });
        assertThat(paths.get("/api/v1/orders/{orderId}").get("put").get("requestBody").get("content")
                .get("application/json").get("example").get("buyer").get("id").asString()).isEqualTo("buyer-alice");
    }

    private JsonNode apiDocs() {
        return Api.anonymous(port).get("/v3/api-docs").expect(200).json();
    }
}
