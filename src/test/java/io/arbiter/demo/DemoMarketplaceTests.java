package io.arbiter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.ArbiterApplication;
import io.arbiter.support.Api;

/** What `./mvnw spring-boot:run` gives a newcomer: the demo marketplace, seeded once, kept across restarts. */
class DemoMarketplaceTests {

    @Test
    void seedsEveryInterestingStateOnceAndKeepsItAcrossARestart(@TempDir Path dataDirectory) {
        String url = "jdbc:h2:file:" + dataDirectory.resolve("arbiter")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        List<String> firstRun;
        try (ConfigurableApplicationContext app = start(url)) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            firstRun = snapshot(jdbc);
            assertThat(jdbc.sql("select distinct status from dispute").query(String.class).list())
                    .contains("AWAITING_SELLER", "AWAITING_BUYER", "UNDER_REVIEW", "AWAITING_RETURN_SHIPMENT",
                            "RESOLVED", "WITHDRAWN");
            assertThat(jdbc.sql("select distinct role from app_user").query(String.class).list())
                    .contains("BUYER", "SELLER", "AGENT", "ADMIN");

            Api alice = Api.anonymous(port(app)).withBasic("alice", DemoMarketplace.PASSWORD);
            assertThat(alice.get("/api/v1/disputes").expect(200).json().get("totalItems").asLong()).isPositive();
            Api integration = Api.anonymous(port(app)).with("X-Api-Key", DemoMarketplace.API_KEY);
            assertThat(integration.get("/api/v1/orders?size=100").expect(200).json().get("totalItems").asLong())
                    .isEqualTo(12);
            assertThat(Api.anonymous(port(app)).withBasic("agnes", DemoMarketplace.PASSWORD)
                    .get("/api/v1/disputes?awaitingMyAction=true").expect(200).json().get("totalItems").asLong())
                    .as("an escalated case waits in the queue").isPositive();
            assertThat(jdbc.sql("select distinct language from saved_reply where owner_id is null")
                    .query(String.class).list()).as("the desk's saved replies")
                    .containsExactlyInAnyOrder("en", "es", "pt", "fr", "ru");
        }
        try (ConfigurableApplicationContext app = start(url)) {
            assertThat(snapshot(app.getBean(JdbcClient.class))).isEqualTo(firstRun);
        }
    }

    private static List<String> snapshot(JdbcClient jdbc) {
        return List.of(
                "users=" + jdbc.sql("select count(*) from app_user").query(Long.class).single(),
                "orders=" + jdbc.sql("select count(*) from marketplace_order").query(Long.class).single(),
                "disputes=" + jdbc.sql("select count(*) from dispute").query(Long.class).single(),
                "timeline=" + jdbc.sql("select count(*) from dispute_event").query(Long.class).single());
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(ArbiterApplication.class).run(
                "--spring.datasource.url=" + url, "--server.port=0", "--arbiter.demo.enabled=true",
                "--arbiter.security.bcrypt-strength=4");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
