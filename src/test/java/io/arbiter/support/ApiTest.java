package io.arbiter.support;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;

/**
 * A running server on a random port over an in-memory H2 database in PostgreSQL mode. A subclass tagged
 * {@link PostgresTest} that registers {@link PostgresDatabase} runs the same tests on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "arbiter.demo.enabled=false",
        "arbiter.security.bcrypt-strength=4",
        "arbiter.outbound.dispatcher-enabled=false",
        // Due times are run by hand (DueTimersByHand), at the test clock's time, never by a background poller.
        "arbiter.deadline.executor-enabled=false",
        // The clock goes back to START before each test: the insight rollup is stepped by hand, where a test needs it.
        "arbiter.insight.rollup-enabled=false",
        // Many contexts stay cached during a run; small pools keep them under PostgreSQL's connection limit.
        "spring.datasource.hikari.maximum-pool-size=6",
        "spring.datasource.hikari.minimum-idle=1",
        "arbiter.settlement.resender-enabled=false",
        "arbiter.evidence.storage.directory=${java.io.tmpdir}/arbiter-evidence-${random.uuid}",
        "spring.datasource.url=jdbc:h2:mem:arbiter-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
})
@Import({TestClockConfiguration.class, PasswordChecks.Wiring.class})
public abstract class ApiTest {

    public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @LocalServerPort
    protected int port;
    @Autowired
    protected TestClock clock;
    @Autowired
    private UserDirectory users;
    @Autowired
    private ApiKeys apiKeys;

    protected Marketplace marketplace;

    /**
     * Bearer tokens signed by this JVM's key are accepted in every context, not only where a class sends them
     * ({@link BearerTokenApiTest}): a property set all tests live with, where one of their own cost a context.
     */
    @DynamicPropertySource
    static void acceptBearerTokens(DynamicPropertyRegistry registry) {
        BearerTokenApiTest.acceptBearerTokens(registry);
    }

    @BeforeEach
    void newMarketplace() {
        clock.set(START);
        marketplace = new Marketplace(port, users, apiKeys, clock);
    }
}
