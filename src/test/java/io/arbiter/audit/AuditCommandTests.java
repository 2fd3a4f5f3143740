package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
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
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;

/**
 * {@code audit verify}: Arbiter started in this JVM as the command, against the database of the running test server;
 * the exit code comes back from {@code Commands.run}, nothing kills the JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
// A database of its own: this test breaks chains. LedgerTests, whose journals name orders that do not exist, shares it.
@TestPropertySource(properties = "arbiter.test.context=broken-records")
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
        assertThat(verifyAndExit("--arbiter.audit.verify-and-exit=true")).as("the older way to ask").isZero();

        UUID id = UUID.fromString(dispute.id());
        long message = jdbc.sql("select seq from dispute_event where dispute_id = :d and type = 'MESSAGE_POSTED'")
                .param("d", id).query(Long.class).single();
        int changed = jdbc.sql("update dispute_event set canonical = replace(canonical, 'Hello', 'Goodbye')"
                        + " where dispute_id = :d and seq = :seq")
                .param("d", id).param("seq", message).update();
        assertThat(changed).isEqualTo(1);

        assertThat(verifyAndExit()).isEqualTo(1);
        assertThat(output.getOut()).contains("1 broken chain(s)")
                .contains("dispute " + dispute.id() + " entry " + message + ": HASH_MISMATCH")
                .doesNotContain("dispute " + other.id());
    }

    @Test
    void exitsWithTwoWhenItCannotReachTheDatabase(CapturedOutput output) {
        int code = Commands.run(ArbiterApplication.class, "audit", "verify",
                "--spring.datasource.url=jdbc:h2:file:./target/no-such-database;IFEXISTS=TRUE",
                "--spring.main.banner-mode=off");

        assertThat(code).isEqualTo(2);
        assertThat(output.getErr()).contains("Arbiter audit verify could not run");
    }

    private int verifyAndExit() {
        return verifyAndExit("audit", "verify");
    }

    private int verifyAndExit(String... command) {
        HikariDataSource pool = (HikariDataSource) dataSource;
        return Commands.run(ArbiterApplication.class, Stream.concat(Stream.of(command), Stream.of(
                "--spring.datasource.url=" + pool.getJdbcUrl(),
                "--spring.datasource.username=" + pool.getUsername(),
                "--spring.datasource.password=" + (pool.getPassword() == null ? "" : pool.getPassword()),
                "--spring.datasource.hikari.maximum-pool-size=2",
                "--arbiter.security.bcrypt-strength=4",
                "--spring.main.banner-mode=off")).toArray(String[]::new));
    }
}
