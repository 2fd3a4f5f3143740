package io.arbiter.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.arbiter.ArbiterApplication;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.Api;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.TestClock;
import io.arbiter.support.TestClockConfiguration;

/**
 * Arbitrary bodies sent to the main JSON endpoints of a running Arbiter, as the caller each endpoint is for: parsing,
 * the plain-text and size checks, validation and the rules may refuse them, with any 4xx, but nothing may answer 5xx.
 * The input's last byte picks the endpoint, the rest is the body. The normal build replays the seeds under
 * {@code src/test/resources/io/arbiter/web/JsonEndpointsFuzzTestsInputs/bodies/}; set {@code JAZZER_FUZZ=1} to fuzz.
 */
class JsonEndpointsFuzzTests {

    /** An endpoint, who calls it, and the path it takes on the fixture's disputes. */
    private record Endpoint(String method, String who, Function<Fixture, String> path) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "buyer", f -> "/api/v1/disputes"),
            new Endpoint("PUT", "integration", f -> "/api/v1/orders/" + f.open.orderId()),
            new Endpoint("POST", "integration", f -> "/api/v1/orders/" + f.open.orderId() + "/tracking-events"),
            new Endpoint("POST", "seller", f -> "/api/v1/disputes/" + f.open.id() + "/offers"),
            new Endpoint("POST", "buyer", f -> "/api/v1/disputes/" + f.open.id() + "/messages"),
            new Endpoint("POST", "buyer", f -> "/api/v1/disputes/" + f.open.id() + "/private-limit"),
            new Endpoint("POST", "buyer", f -> "/api/v1/disputes/" + f.open.id() + "/escalate"),
            new Endpoint("POST", "buyer", f -> "/api/v1/disputes/" + f.open.id() + "/evidence/links"),
            new Endpoint("POST", "buyer", f -> "/api/v1/orders/" + f.open.orderId() + "/messages"),
            new Endpoint("POST", "agent", f -> "/api/v1/disputes/" + f.taken.id() + "/information-requests"),
            new Endpoint("POST", "agent", f -> "/api/v1/disputes/" + f.taken.id() + "/due-time-extensions"),
            new Endpoint("POST", "agent", f -> "/api/v1/disputes/" + f.taken.id() + "/suggestion"),
            new Endpoint("POST", "agent", f -> "/api/v1/disputes/" + f.taken.id() + "/decision"),
            new Endpoint("POST", "admin", f -> "/api/v1/admin/users"),
            new Endpoint("POST", "admin", f -> "/api/v1/webhooks"));

    private static Fixture fixture;

    @FuzzTest(maxDuration = "120s")
    void bodies(FuzzedDataProvider data) {
        Fixture f = fixture();
        Endpoint endpoint = ENDPOINTS.get(data.consumeInt(0, ENDPOINTS.size() - 1));
        String body = data.consumeRemainingAsString();
        String path = endpoint.path().apply(f);
        Api.Response answer = f.callers.get(endpoint.who()).send(endpoint.method(), path, body);
        if (answer.status() >= 500) {
            throw new AssertionError(endpoint.method() + " " + path + " answered " + answer.status() + " to "
                    + body + ": " + answer.text());
        }
    }

    /** One Arbiter for every input, with a dispute awaiting the seller and one an agent has taken. */
    private static synchronized Fixture fixture() {
        if (fixture == null) {
            fixture = new Fixture();
        }
        return fixture;
    }

    private static final class Fixture {

        final Case open;
        final Case taken;
        final Map<String, Api> callers;

        Fixture() {
            // The test's own calls to the Arbiter it started; Jazzer's SSRF detector would report any connection.
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ArbiterApplication.class,
                    TestClockConfiguration.class).run(
                    "--server.port=0", "--arbiter.demo.enabled=false", "--arbiter.security.bcrypt-strength=4",
                    "--arbiter.outbound.dispatcher-enabled=false", "--arbiter.deadline.executor-enabled=false",
                    "--arbiter.settlement.resender-enabled=false",
                    "--arbiter.evidence.storage.directory=" + System.getProperty("java.io.tmpdir")
                            + "/arbiter-fuzz-" + System.nanoTime(),
                    "--spring.datasource.url=jdbc:h2:mem:arbiter-fuzz;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    // Fuzzed sign-ins are not what this test is about; the right password is sent every time.
                    "--logging.level.root=WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Marketplace marketplace = new Marketplace(port, context.getBean(UserDirectory.class),
                    context.getBean(ApiKeys.class), context.getBean(TestClock.class));
            Person agent = marketplace.agent();
            open = marketplace.disputeAwaitingSeller();
            taken = marketplace.disputeWithAgent(agent);
            callers = Map.of("buyer", open.buyer().api(), "seller", open.seller().api(), "agent", agent.api(),
                    "admin", marketplace.admin().api(), "integration", marketplace.integration());
        }
    }
}
