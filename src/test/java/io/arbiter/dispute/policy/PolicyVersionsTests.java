package io.arbiter.dispute.policy;

import static io.arbiter.support.Json.field;
import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import io.arbiter.ArbiterApplication;
import io.arbiter.common.Sha256;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.Api;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.TestClock;
import io.arbiter.support.TestClockConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A dispute keeps the policy it was opened under: Arbiter starts with a marketplace's policy v1 and a dispute is
 * opened; Arbiter starts again on the same database with v2. Here on an H2 file database; the PostgreSQL subclass
 * runs the same on a fresh PostgreSQL database.
 */
class PolicyVersionsTests {

    static final Instant OPENED = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant NEXT_DAY = OPENED.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    /** The database every start of one test shares: {@code spring.datasource.*} settings. */
    protected List<String> database() {
        return List.of("spring.datasource.url=jdbc:h2:file:" + dir.resolve("arbiter") + ";MODE=PostgreSQL;"
                        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE",
                "spring.datasource.username=sa", "spring.datasource.password=");
    }

    static ConfigurableApplicationContext start(List<String> database, String policyFile) {
        return start(database, List.of("arbiter.policy.file=" + policyFile));
    }

    /** Arbiter with its own web server on a free port and the test clock, as the tests' server runs. */
    static ConfigurableApplicationContext start(List<String> database, List<String> settings) {
        List<String> properties = new ArrayList<>(database);
        properties.addAll(settings);
        properties.addAll(List.of("server.port=0", "arbiter.demo.enabled=false",
                "arbiter.security.bcrypt-strength=4", "arbiter.outbound.dispatcher-enabled=false",
                "arbiter.settlement.resender-enabled=false", "spring.datasource.hikari.maximum-pool-size=3",
                "spring.datasource.hikari.minimum-idle=1"));
        // As arguments: properties given to the builder are defaults, which application.yml overrides.
        return new SpringApplicationBuilder(ArbiterApplication.class, TestClockConfiguration.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    private static Marketplace marketplace(ConfigurableApplicationContext context) {
        return new Marketplace(port(context), context.getBean(UserDirectory.class), context.getBean(ApiKeys.class),
                context.getBean(TestClock.class));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The same person, calling the Arbiter that runs now. */
    private static Api again(Person person, ConfigurableApplicationContext context) {
        return Api.anonymous(port(context)).withBasic(person.username(), Marketplace.PASSWORD);
    }

    private static String text(String classpathLocation) throws IOException {
        return new ClassPathResource(classpathLocation).getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aDisputeKeepsTheWindowsAndRulesOfThePolicyItWasOpenedUnderAfterANewVersionIsDeployed() throws IOException {
        List<String> database = database();
        Person buyer;
        Person seller;
        String disputeId;
        try (ConfigurableApplicationContext first = start(database, "classpath:policy/marketplace-v1.yml")) {
            Marketplace marketplace = marketplace(first);
            buyer = marketplace.buyer();
            seller = marketplace.seller();
            JsonNode opened = buyer.api().post("/api/v1/disputes", claim(marketplace.deliveredOrder(buyer, seller),
                    "QUALITY_ISSUE", partialRefund(2000))).expect(201).json();
            disputeId = opened.path("id").asString();
            assertThat(opened.path("claim").path("policyVersion").asString()).isEqualTo("marketplace-v1");
            assertThat(opened.path("dueAt").asString()).isEqualTo(OPENED.plus(Duration.ofDays(5)).toString());
        }

        try (ConfigurableApplicationContext second = start(database, "classpath:policy/marketplace-v2.yml")) {
            second.getBean(TestClock.class).set(NEXT_DAY);
            Marketplace marketplace = marketplace(second);
            String path = "/api/v1/disputes/" + disputeId;

            JsonNode kept = again(buyer, second).get(path).expect(200).json().path("claim");
            assertThat(kept.path("policyVersion").asString()).isEqualTo("marketplace-v1");
            assertThat(kept.path("reasonLabel").asString()).isEqualTo("Poor quality");
            assertThat(field(kept.path("evidenceRequired"), "code")).containsExactly("DEFECT_PHOTOS");
            assertThat(kept.path("evidenceDueAt").asString()).isEqualTo(OPENED.plus(Duration.ofDays(7)).toString());

            JsonNode countered = again(seller, second).post(path + "/offers", Map.of("resolution", partialRefund(500)))
                    .expect(200).json();
            assertThat(countered.path("dueAt").asString()).as("v1 gives the buyer 5 days to answer, v2 one")
                    .isEqualTo(NEXT_DAY.plus(Duration.ofDays(5)).toString());
            JsonNode notice = null;
            for (JsonNode item : again(buyer, second).get("/api/v1/inbox").expect(200).json().path("items")) {
                notice = item.path("kind").asString().equals("RESPOND_TO_OFFER") ? item : notice;
            }
            assertThat(notice).as("the buyer is told of the counter-offer").isNotNull();
            assertThat(notice.path("dueAt").asString()).as("the notice names the dispute's own due time (v1), not v2's")
                    .isEqualTo(NEXT_DAY.plus(Duration.ofDays(5)).toString());
            assertThat(notice.path("text").asString()).contains("by March 8, 2026, 10:00 UTC");
            // v1 lets a buyer ask for a reshipment of a quality issue; v2 does not (below).
            again(buyer, second).post(path + "/offers", Map.of("resolution", resolution("RESHIPMENT"))).expect(200);

            Person newBuyer = marketplace.buyer();
            Person newSeller = marketplace.seller();
            JsonNode underV2 = newBuyer.api().post("/api/v1/disputes", claim(marketplace.deliveredOrder(newBuyer,
                    newSeller), "QUALITY_ISSUE", partialRefund(2000))).expect(201).json();
            assertThat(underV2.path("claim").path("policyVersion").asString()).isEqualTo("marketplace-v2");
            assertThat(underV2.path("claim").path("reasonLabel").asString()).isEqualTo("Quality problem");
            assertThat(field(underV2.path("claim").path("evidenceRequired"), "code")).containsExactly("DEFECT_VIDEO");
            assertThat(underV2.path("dueAt").asString()).isEqualTo(NEXT_DAY.plus(Duration.ofDays(2)).toString());
            assertThat(underV2.path("claim").path("evidenceDueAt").asString())
                    .isEqualTo(NEXT_DAY.plus(Duration.ofHours(72)).toString());

            String order = marketplace.deliveredOrder(newBuyer, newSeller);
            JsonNode noReshipment = newBuyer.api().post("/api/v1/disputes",
                    claim(order, "QUALITY_ISSUE", resolution("RESHIPMENT"))).expect(422).json();
            assertThat(field(noReshipment.path("errors"), "field")).containsExactly("resolution.type");
            JsonNode notOffered = newBuyer.api().post("/api/v1/disputes",
                    claim(order, "WRONG_SIZE", resolution("RESHIPMENT"))).expect(422).json();
            assertThat(field(notOffered.path("errors"), "field")).containsExactly("reason");
            assertThat(notOffered.path("detail").asString()).contains("WRONG_SIZE is not offered");
            assertThat(field(newBuyer.api().get("/api/v1/reasons").expect(200).json(), "code"))
                    .containsExactly("NOT_RECEIVED", "QUALITY_ISSUE");

            JsonNode versions = marketplace.admin().api().get("/api/v1/admin/policy/versions").expect(200).json();
            assertThat(field(versions, "version")).containsExactly("marketplace-v1", "marketplace-v2");
            assertThat(field(versions, "sha256")).containsExactly(Sha256.hex(text("policy/marketplace-v1.yml")),
                    Sha256.hex(text("policy/marketplace-v2.yml")));
            assertThat(field(versions, "inForce")).containsExactly("false", "true");
        }
    }

    @Test
    void theSameVersionWithOtherContentStopsTheStart() throws IOException {
        List<String> database = database();
        start(database, "classpath:policy/marketplace-v1.yml").close();
        Path changed = dir.resolve("changed-v1.yml");
        Files.writeString(changed, text("policy/marketplace-v1.yml").replace("seller-response: 5d",
                "seller-response: 4d"));

        assertThatThrownBy(() -> start(database, "file:" + changed)).rootCause()
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policy file file:" + changed + ": version marketplace-v1 is already recorded with"
                        + " different content; give the changed policy a new version");

        start(database, "classpath:policy/marketplace-v1.yml").close();
    }
}
