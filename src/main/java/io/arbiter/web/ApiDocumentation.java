package io.arbiter.web;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document's cover ({@code /v3/api-docs}, Swagger UI): title, version, how callers authenticate (each
 * scheme alone suffices, so Swagger UI's Authorize button offers all three), the tus endpoints' shared description,
 * and example bodies of the requests a marketplace sends first. Examples live here rather than on the controllers,
 * one place to keep them in step with the README's walkthrough.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BASIC = "basic";
    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";
    static final String TUS_TAG = "Evidence uploads (tus)";

    /** Example request bodies by method and path, as in the README's curl walkthrough. */
    static final Map<String, String> EXAMPLES = Map.of(
            "PUT /api/v1/orders/{orderId}", """
                    {"buyer":{"id":"buyer-alice","name":"Alice Martin","email":"alice@example.com"},
                     "seller":{"id":"seller-sam","name":"Sam's Sneakers"},
                     "currency":"EUR","total":8990,"paid":8990,"placedAt":"2026-03-01T09:00:00Z",
                     "promisedDeliveryBy":"2026-03-08T18:00:00Z",
                     "shipment":{"carrier":"DHL","trackingNumber":"JD0146000012345","shippedAt":"2026-03-02T10:00:00Z",
                       "deliveredAt":"2026-03-05T14:00:00Z",
                       "events":[{"status":"DELIVERED","at":"2026-03-05T14:00:00Z","location":"Front door"}]},
                     "lines":[{"sku":"SNK-42","title":"Trail sneakers","description":"Charcoal grey, EU 42","quantity":1,
                       "unitPrice":8990,"attributes":{"colour":"charcoal grey","size":"42"},
                       "imageUrls":["https://shop.example.com/img/snk-42.jpg"]}]}""",
            "POST /api/v1/disputes", """
                    {"orderId":"ORD-1001","reason":"NOT_AS_DESCRIBED","description":"Sneakers are light grey, not charcoal",
                     "piecesAffected":1,"resolution":{"type":"PARTIAL_REFUND","amount":3000},
                     "differences":[{"attribute":"colour","listed":"charcoal grey","received":"light grey"}]}""",
            "POST /api/v1/disputes/{id}/offers", """
                    {"resolution":{"type":"PARTIAL_REFUND","amount":1000},"note":"It is charcoal in daylight"}""",
            "POST /api/v1/disputes/{id}/escalate", """
                    {"reason":"10.00 is not enough"}""",
            "POST /api/v1/disputes/{id}/information-requests", """
                    {"from":"BUYER","question":"Please describe the colour in daylight next to the listing photo"}""",
            "POST /api/v1/disputes/{id}/decision", """
                    {"resolution":{"type":"PARTIAL_REFUND","amount":2000},
                     "reasons":"Shade differs from the listing; item usable"}""",
            "POST /api/v1/admin/webhooks", """
                    {"url":"https://marketplace.example.com/arbiter/webhooks",
                     "eventTypes":["dispute.opened","dispute.closed"],"description":"back office"}""");

    @Bean
    OpenAPI arbiterOpenApi(@Value("${arbiter.security.api-key-header:X-Api-Key}") String apiKeyHeader) {
        return new OpenAPI()
                .info(new Info().title("Arbiter API").version("v1").description("""
                        Dispute resolution for a marketplace's orders: the marketplace's back end imports orders and \
                        reports tracking; buyers open disputes and bring evidence; sellers accept, counter or contest; \
                        agents arbitrate; Arbiter orders each refund and release once. JSON under /api/v1; errors are \
                        RFC 9457 problem documents; amounts are integers in minor units; send an Idempotency-Key with \
                        every POST you may retry.

                        Authenticate with one of: HTTP Basic (users with a password: agents, admins, the demo's \
                        users), an API key in the %s header (the marketplace's back end; an admin creates keys), or \
                        an OIDC bearer token from the marketplace's identity provider. On a new installation, the \
                        command `admin create` makes the first admin and key (README, "First start in production")."""
                        .formatted(apiKeyHeader)))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("Users who log in with a password"))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(apiKeyHeader)
                                .description("The marketplace's back end (role INTEGRATION)"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An OIDC token from the marketplace's identity provider")))
                // Alternatives, not all three at once: each requirement on its own line of the list.
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(API_KEY),
                        new SecurityRequirement().addList(BEARER)))
                .addTagsItem(new Tag().name(TUS_TAG).description("""
                        Resumable uploads of large evidence files with the tus 1.0 protocol (creation, termination, \
                        expiration, checksum): POST starts an upload, PATCH sends bytes from Upload-Offset, HEAD \
                        tells the offset stored after a break, DELETE gives up. The last PATCH answers 204 with \
                        Evidence-Location once the file is checked and stored. tus-js-client works as is."""));
    }

    @Bean
    OpenApiCustomizer requestExamples(JsonMapper json) {
        return openApi -> EXAMPLES.forEach((request, example) -> {
            String[] methodAndPath = request.split(" ", 2);
            PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(methodAndPath[1]);
            Operation operation = path == null ? null
                    : path.readOperationsMap().get(PathItem.HttpMethod.valueOf(methodAndPath[0]));
            // An endpoint that moved loses its example here, and ApiDocumentationTests says which.
            if (operation != null && operation.getRequestBody() != null
                    && operation.getRequestBody().getContent() != null
                    && operation.getRequestBody().getContent().get("application/json") != null) {
                MediaType body = operation.getRequestBody().getContent().get("application/json");
                body.setExample(json.readValue(example, Map.class));
            }
        });
    }
}
