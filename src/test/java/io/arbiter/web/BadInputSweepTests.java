package io.arbiter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile bodies for every JSON write operation the OpenAPI document lists, sent by a caller who may make that
 * call: each property in turn gets NUL and control characters, a lone surrogate, numbers too large for any column,
 * fractions where money or counts are whole, dates ten thousand years away, the wrong type, and a list far longer
 * than allowed; and each operation gets a body over the size limit. Every answer must be a 4xx problem+json (a 400
 * or 422 names the property), never a 5xx, and no row of any table may have been written. The cases are generated
 * from the document: a new endpoint is swept the day it is written.
 */
class BadInputSweepTests extends ApiTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String HOLE = "@@hostile@@";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int OVER_THE_BODY_LIMIT = 1024 * 1024 + 1;

    @Autowired
    JdbcClient jdbc;

    record Operation(String method, String path, JsonNode schema, JsonNode example) {
    }

    /** One hostile value for one property, as raw JSON text. */
    record Hostile(String property, String what, String json) {
    }

    @Test
    void everyHostileBodyIsA4xxProblemNamingItsFieldAndWritesNothing() {
        Person agent = marketplace.agent();
        Case withAgent = marketplace.disputeWithAgent(agent);
        Case awaitingSeller = marketplace.disputeAwaitingSeller();
        Map<String, Api> callers = Map.of("buyer", awaitingSeller.buyer().api(), "seller",
                awaitingSeller.seller().api(), "agent", agent.api(), "admin", marketplace.admin().api(),
                "integration", marketplace.integration());

        JsonNode document = marketplace.anonymous().get("/v3/api-docs").expect(200).json();
        List<Operation> operations = jsonWrites(document);
        assertThat(operations).as("the document lists the JSON write operations").hasSizeGreaterThan(20);

        Map<String, Long> before = rowCounts();
        SoftAssertions softly = new SoftAssertions();
        int sent = 0;
        for (Operation operation : operations) {
            String who = callerOf(operation.path());
            Case dispute = who.equals("agent") ? withAgent : awaitingSeller;
            String path = path(operation.path(), dispute);
            ObjectNode base = example(operation.schema(), document, 0);
            // The document's example body, where it gives one, is a valid one: only the hostile value is then wrong.
            if (operation.example().isObject()) {
                base.setAll((ObjectNode) operation.example());
            }
            for (Hostile hostile : hostileValues(operation.schema(), document)) {
                // First in the body: a parser stops at the first bad value, and it must be this one.
                ObjectNode withHole = NODES.objectNode();
                withHole.put(hostile.property(), HOLE);
                base.properties().forEach(property -> withHole.putIfAbsent(property.getKey(), property.getValue()));
                String body = withHole.toString().replace("\"" + HOLE + "\"", hostile.json());
                Api.Response answer = callers.get(who).send(operation.method(), path, body);
                sent++;
                String call = operation.method() + " " + operation.path() + " as " + who + ", " + hostile.property()
                        + " = " + hostile.what();
                softly.assertThat(answer.status()).as(call + ": " + answer.text()).isBetween(400, 499);
                softly.assertThat(answer.contentType()).as(call).startsWith("application/problem+json");
                if (answer.status() == 400 || answer.status() == 422) {
                    softly.assertThat(answer.text()).as(call + ": names the property").contains(hostile.property());
                }
            }
            Api.Response huge = callers.get(who).send(operation.method(), path, hugeBody(base));
            softly.assertThat(huge.status()).as(operation.method() + " " + operation.path() + " over the size limit")
                    .isEqualTo(413);
        }
        softly.assertAll();
        assertThat(sent).as("hostile bodies sent").isGreaterThan(200);
        assertThat(rowCounts()).as("no row written by any refused body").isEqualTo(before);
    }

    /** POST, PUT and PATCH operations whose body is JSON, with its schema. */
    private static List<Operation> jsonWrites(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = document.get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode json = paths.get(path).get(method).path("requestBody").path("content")
                        .path("application/json");
                JsonNode example = json.has("example") ? json.get("example")
                        : json.path("examples").isEmpty() ? NODES.objectNode()
                        : json.get("examples").values().iterator().next().path("value");
                if (List.of("post", "put", "patch").contains(method) && json.has("schema")) {
                    operations.add(new Operation(method.toUpperCase(), path, json.get("schema"), example));
                }
            }
        }
        return operations;
    }

    /** Who may make the call: the role the path belongs to. */
    private static String callerOf(String path) {
        if (path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/webhook")) {
            return "admin";
        }
        if (path.matches("/api/v1/orders/\\{[^}]+}") || path.endsWith("/tracking-events")
                || path.endsWith("/return/delivered") || path.startsWith("/api/v1/payouts")) {
            return "integration";
        }
        if (path.matches(".*/(take|information-requests|suggestion|decision|due-time-extensions)")) {
            return "agent";
        }
        if (path.matches(".*/(contest|return/address|return/receipt)")) {
            return "seller";
        }
        return "buyer";
    }

    private static String path(String template, Case dispute) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1);
            String value = name.equals("orderId") ? dispute.orderId()
                    : name.equals("id") || name.equals("disputeId") ? dispute.id() : UUID.randomUUID().toString();
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private static JsonNode resolve(JsonNode schema, JsonNode document) {
        JsonNode at = schema;
        while (at.has("$ref")) {
            String name = at.get("$ref").asString().substring("#/components/schemas/".length());
            at = document.get("components").get("schemas").get(name);
        }
        if (at.has("allOf") && at.get("allOf").size() == 1) {
            return resolve(at.get("allOf").get(0), document);
        }
        return at;
    }

    /** A plausible value for every property, so that only the hostile one is wrong. */
    private static ObjectNode example(JsonNode schema, JsonNode document, int depth) {
        ObjectNode body = NODES.objectNode();
        JsonNode properties = resolve(schema, document).path("properties");
        for (String name : properties.propertyNames()) {
            body.set(name, exampleValue(resolve(properties.get(name), document), document, depth));
        }
        return body;
    }

    private static JsonNode exampleValue(JsonNode schema, JsonNode document, int depth) {
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asString("object");
        return switch (type) {
            case "integer", "number" -> NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> {
                ArrayNode list = NODES.arrayNode();
                if (depth < 3) {
                    list.add(exampleValue(resolve(schema.path("items"), document), document, depth + 1));
                }
                yield list;
            }
            case "string" -> NODES.stringNode(switch (schema.path("format").asString("")) {
                case "date-time" -> START.plusSeconds(86_400 * 3).toString();
                case "email" -> "someone@example.com";
                case "uuid" -> UUID.randomUUID().toString();
                case "uri", "url" -> "https://files.example.com/a.mp4";
                default -> schema.path("pattern").asString("").contains("A-Z]{3}") ? "EUR" : "plain text";
            });
            default -> depth < 3 ? example(schema, document, depth + 1) : NODES.objectNode();
        };
    }

    private static List<Hostile> hostileValues(JsonNode schema, JsonNode document) {
        List<Hostile> values = new ArrayList<>();
        JsonNode properties = resolve(schema, document).path("properties");
        for (Iterator<String> names = properties.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            JsonNode property = resolve(properties.get(name), document);
            String type = property.path("type").asString("object");
            switch (type) {
                case "string" -> {
                    if (property.has("enum")) {
                        values.add(new Hostile(name, "a value not in the list", "\"NOT_ONE_OF_THEM\""));
                    } else if ("date-time".equals(property.path("format").asString(""))) {
                        values.add(new Hostile(name, "year 1000000000", "\"+1000000000-12-31T23:59:59Z\""));
                        values.add(new Hostile(name, "year 10000", "\"+10000-01-01T00:00:00Z\""));
                        values.add(new Hostile(name, "not a time", "\"tomorrow\""));
                    } else {
                        values.add(new Hostile(name, "NUL", "\"before\\u0000after\""));
                        values.add(new Hostile(name, "a control character", "\"bell\\u0007\""));
                        values.add(new Hostile(name, "a lone surrogate", "\"lone \\ud800 half\""));
                    }
                    // A number where text is expected is read as its digits (Jackson's scalar coercion): not hostile.
                    values.add(new Hostile(name, "a list", "[\"a\"]"));
                }
                case "integer" -> {
                    values.add(new Hostile(name, "a fraction", "12.9999"));
                    values.add(new Hostile(name, "a huge number", "99999999999999999999999999"));
                    values.add(new Hostile(name, "1e999", "1e999"));
                    values.add(new Hostile(name, "text", "\"ten\""));
                }
                case "number" -> {
                    values.add(new Hostile(name, "1e999", "1e999"));
                    values.add(new Hostile(name, "text", "\"ten\""));
                }
                case "boolean" -> values.add(new Hostile(name, "text", "\"maybe\""));
                case "array" -> {
                    int tooMany = property.has("maxItems") ? property.get("maxItems").asInt() + 1 : 5_000;
                    JsonNode item = exampleValue(resolve(property.path("items"), document), document, 1);
                    values.add(new Hostile(name, tooMany + " items",
                            "[" + String.join(",", java.util.Collections.nCopies(tooMany, item.toString())) + "]"));
                    values.add(new Hostile(name, "text", "\"not a list\""));
                }
                default -> {
                    values.add(new Hostile(name, "text", "\"not an object\""));
                    values.add(new Hostile(name, "a list", "[]"));
                }
            }
        }
        return values;
    }

    private static String hugeBody(ObjectNode base) {
        String padding = "x".repeat(OVER_THE_BODY_LIMIT);
        ObjectNode body = base.deepCopy();
        body.put("padding", padding);
        return body.toString();
    }

    /** Every table's row count: what a refused request must leave as it was. */
    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = current_schema() and table_type in ('BASE TABLE', 'TABLE')
                        order by table_name""").query(String.class).list()) {
            if (!table.equals("flyway_schema_history")) {
                counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
            }
        }
        assertThat(counts).as("tables found").containsKey("dispute");
        return counts;
    }
}
