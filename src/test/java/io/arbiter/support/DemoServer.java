package io.arbiter.support;

/**
 * The properties of a running server over the demo marketplace (demo mode, its seeded users and disputes), on a
 * random port and an in-memory H2 database of its own, with the background work off: one text block, as
 * {@code @SpringBootTest(properties = {DemoServer.PROPERTIES, ...})} reads it, so that the classes that need such a
 * server say only how theirs differs.
 */
public final class DemoServer {

    public static final String PROPERTIES = """
            arbiter.demo.enabled=true
            arbiter.security.bcrypt-strength=4
            arbiter.outbound.dispatcher-enabled=false
            arbiter.deadline.executor-enabled=false
            arbiter.settlement.resender-enabled=false
            spring.datasource.hikari.maximum-pool-size=6
            spring.datasource.hikari.minimum-idle=1
            arbiter.evidence.storage.directory=${java.io.tmpdir}/arbiter-evidence-${random.uuid}
            spring.datasource.url=jdbc:h2:mem:arbiter-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;\
            DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1
            """;

    private DemoServer() {
    }
}
