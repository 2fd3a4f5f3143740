package io.arbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.zaxxer.hikari.HikariDataSource;

import io.arbiter.ArbiterApplication;
import io.arbiter.Commands;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;

/**
 * The way into a production database: a start without the demo seeds nobody, and {@code admin create} (run in this
 * JVM against the running server's database) makes an admin and an API key that the server accepts at once.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "arbiter.test.context=admin-command") // a database of its own: it starts empty
class AdminCommandTests extends ApiTest {

    private static final Pattern PASSWORD = Pattern.compile("password \\(shown once, store it now\\): (\\S+)");
    private static final Pattern KEY = Pattern.compile("send it as X-Api-Key\\): (\\S+)");

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void createsTheFirstAdminAndApiKeyOnADatabaseThatAProductionStartLeftEmpty(CapturedOutput output) {
        // Only this class's commands add users and keys to its database.
        assertThat(jdbc.sql("select count(*) from app_user where username not in ('ops', 'root')").query(Long.class)
                .single()).as("a start with arbiter.demo.enabled=false seeds no user, so no known password").isZero();
        assertThat(jdbc.sql("select count(*) from api_key where name <> 'marketplace back end'").query(Long.class)
                .single()).isZero();

        assertThat(adminCreate("--username=ops", "--display-name=Operations", "--email=ops@example.com")).isZero();

        String password = found(PASSWORD, output.getOut());
        String key = found(KEY, output.getOut());
        Api admin = Api.anonymous(port).withBasic("ops", password);
        assertThat(admin.get("/api/v1/admin/policy").status()).isEqualTo(200);
        admin.post("/api/v1/admin/users", Map.of("id", "agent-1", "username", "agent1", "password", "a long password",
                "role", "AGENT", "displayName", "First agent")).expect(201);
        Api integration = Api.anonymous(port).with("X-Api-Key", key);
        assertThat(integration.get("/api/v1/orders").status()).isEqualTo(200);
    }

    @Test
    void takesThePasswordFromTheEnvironmentAndRefusesAnExistingUsernameWithOne(CapturedOutput output) {
        assertThat(adminCreate("--username=root", "--no-api-key",
                "--" + AdminCommand.PASSWORD_VARIABLE + "=correct horse battery")).isZero();
        assertThat(output.getOut()).contains("with the password from ARBITER_ADMIN_PASSWORD")
                .doesNotContain("correct horse battery").doesNotContain("X-Api-Key");
        assertThat(Api.anonymous(port).withBasic("root", "correct horse battery").get("/api/v1/admin/policy").status())
                .isEqualTo(200);

        assertThat(adminCreate("--username=root")).isEqualTo(1);
        assertThat(output.getOut()).contains("refused");
        assertThat(adminCreate("--display-name=Nobody")).isEqualTo(1);
        assertThat(output.getOut()).contains("--username=NAME is required");
        assertThat(adminCreate("--username=weak", "--" + AdminCommand.PASSWORD_VARIABLE + "=short")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from app_user where username = 'weak'").query(Long.class).single())
                .isZero();
    }

    private int adminCreate(String... options) {
        HikariDataSource pool = (HikariDataSource) dataSource;
        return Commands.run(ArbiterApplication.class, Stream.concat(Stream.of("admin", "create"), Stream.concat(
                Stream.of(options), Stream.of(
                        "--spring.datasource.url=" + pool.getJdbcUrl(),
                        "--spring.datasource.username=" + pool.getUsername(),
                        "--spring.datasource.password=" + (pool.getPassword() == null ? "" : pool.getPassword()),
                        "--spring.datasource.hikari.maximum-pool-size=2",
                        "--arbiter.security.bcrypt-strength=4"))).toArray(String[]::new));
    }

    private static String found(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
        return matcher.group(1);
    }
}
