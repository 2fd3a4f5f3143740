package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

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
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;

/**
 * {@code --arbiter.audit.verify-and-exit=true}: Arbiter started in this JVM as the command, against the database of
 * the running test server; the exit code comes back through {@code SpringApplication.exit}, nothing kills the JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "arbiter.test.context=audit-command") // a database of its own: this test breaks chains
class AuditCommandTests extends ApiTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void exitsWithZeroWhileEveryChainIsIntactAndWithOneNamingTheBrokenEntry(CapturedOutput output) {
        Case dispute = marketplace.disputeAwaitingBuyer();
        Case other = marketplace.disputeAwaitingSeller();
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/messages", Map.of("text", "Hello"))
                .expect(200);

        assertThat(verifyAndExit()).isZero();
        assertThat(output.getOut()).contains("every chain is intact");

        UUID id = UUID.fromString(dispute.id());
        long message = jdbc.sql("select seq from audit_chain_entry where dispute_id = :d and type = 'MESSAGE_POSTED'")
                .param("d", id).query(Long.class).single();
        int changed = jdbc.sql("update audit_chain_entry set canonical = replace(canonical, 'Hello', 'Goodbye')"
                        + " where dispute_id = :d and seq = :seq")
                .param("d", id).param("seq", message).update();
        assertThat(changed).isEqualTo(1);

        assertThat(verifyAndExit()).isEqualTo(1);
        assertThat(output.getOut()).contains("1 broken chain(s)")
                .contains("dispute " + dispute.id() + " entry " + message + ": HASH_MISMATCH")
                .doesNotContain("dispute " + other.id());
    }

    @Test
    void isRequestedByTheCommandLineOnly() {
        assertThat(AuditCommand.requested("--arbiter.audit.verify-and-exit=true")).isTrue();
        assertThat(AuditCommand.requested("--arbiter.audit.verify-and-exit=false")).isFalse();
        assertThat(AuditCommand.requested("--server.port=8080")).isFalse();
    }

    private int verifyAndExit() {
        HikariDataSource pool = (HikariDataSource) dataSource;
        return AuditCommand.run(ArbiterApplication.class,
                "--arbiter.audit.verify-and-exit=true",
                "--spring.datasource.url=" + pool.getJdbcUrl(),
                "--spring.datasource.username=" + pool.getUsername(),
                "--spring.datasource.password=" + (pool.getPassword() == null ? "" : pool.getPassword()),
                "--spring.datasource.hikari.maximum-pool-size=2",
                "--arbiter.security.bcrypt-strength=4",
                "--spring.main.banner-mode=off");
    }
}
