package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Every operation the OpenAPI document lists that names a dispute or an order in its path, called by everyone who
 * must not reach that dispute or order: nobody (401), a buyer and a seller of another order, and an agent before the
 * case is escalated. For each of them the dispute or order must not exist: the answer is exactly the one the same
 * caller gets for an id that does not exist, never a success and never a 500. A new endpoint is swept the day it is
 * written, without a line here; the hand-written {@link AuthorizationMatrixTests} says what the allowed get.
 */
class OpenApiAuthorizationSweepTests extends ApiTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    record Operation(String method, String path) {
    }

    @Test
    void aDisputeOrOrderOfSomeoneElseIsIndistinguishableFromOneThatDoesNotExist() {
        Case theirs = marketplace.disputeAwaitingSeller();
        Person otherBuyer = marketplace.buyer();
        Person otherSeller = marketplace.seller();
        Person agent = marketplace.agent();
        Map<String, Api> strangers = Map.of("anonymous", marketplace.anonymous(), "another buyer", otherBuyer.api(),
                "another seller", otherSeller.api(), "an agent before escalation", agent.api());

        List<Operation> operations = operationsOnADisputeOrOrder();
        assertThat(operations).as("the document lists the dispute and order operations").hasSizeGreaterThan(20);
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : operations) {
            String foreign = path(operation.path(), theirs.id(), theirs.orderId());
            String missing = path(operation.path(), UUID.randomUUID().toString(), "ORD-NONE-" + UUID.randomUUID());
            strangers.forEach((who, api) -> {
                int toForeign = api.send(operation.method(), foreign, body(operation)).status();
                int toMissing = api.send(operation.method(), missing, body(operation)).status();
                String call = operation.method() + " " + operation.path() + " by " + who;
                softly.assertThat(toForeign).as(call + ": neither a success nor a server error")
                        .isBetween(400, 499);
                softly.assertThat(toForeign).as(call + ": the same answer as for an id that does not exist")
                        .isEqualTo(toMissing);
                if (who.equals("anonymous")) {
                    softly.assertThat(toForeign).as(call).isEqualTo(401);
                }
            });
        }
        softly.assertAll();
        // Nothing the strangers sent changed the dispute.
        JsonNode after = theirs.buyer().api().get("/api/v1/disputes/" + theirs.id()).expect(200).json();
        assertThat(after.get("version").asLong()).isZero();
        assertThat(after.get("status").asString()).isEqualTo("AWAITING_SELLER");
    }

    private List<Operation> operationsOnADisputeOrOrder() {
        JsonNode paths = marketplace.anonymous().get("/v3/api-docs").expect(200).json().get("paths");
        List<Operation> operations = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            boolean onADispute = path.startsWith("/api/v1/disputes/{");
            boolean onAnOrder = path.startsWith("/api/v1/orders/{");
            if (!onADispute && !onAnOrder) {
                continue;
            }
            for (String method : paths.get(path).propertyNames()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(new Operation(method.toUpperCase(), path));
                }
            }
        }
        return operations;
    }

    /** The dispute's or order's id for the first parameter; ids that exist nowhere for any other. */
    private static String path(String template, String disputeId, String orderId) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        boolean first = true;
        while (parameter.find()) {
            String value = !first ? UUID.randomUUID().toString()
                    : template.startsWith("/api/v1/orders/") ? orderId : disputeId;
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
            first = false;
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private static Object body(Operation operation) {
        return operation.method().equals("GET") || operation.method().equals("DELETE") ? null : Map.of();
    }
}
