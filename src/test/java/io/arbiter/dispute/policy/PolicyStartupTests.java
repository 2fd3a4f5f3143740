package io.arbiter.dispute.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A policy file Arbiter cannot run with stops the start, and the report names the file, the line and the problem.
 * The file is refused before anything is recorded, so one database (H2) is enough here.
 */
@ExtendWith(OutputCaptureExtension.class)
class PolicyStartupTests {

    @TempDir
    Path dir;

    private static List<String> database() {
        return List.of("spring.datasource.url=jdbc:h2:mem:policy-" + UUID.randomUUID() + ";MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void anInvalidPolicyFileStopsTheStartWithAReportNamingTheLine(CapturedOutput output) throws IOException {
        String text = PolicyFile.shippedFile().text().replace("  seller-response: 5d ", "  seller-response: -5d ")
                .replace("buyer-silent: APPLY_LATEST_OFFER", "buyer-silent: ACCEPT_CLAIM");
        Path file = Files.writeString(dir.resolve("policy.yml"), text);
        List<String> lines = text.lines().toList();
        int window = lines.indexOf(lines.stream().filter(line -> line.contains("seller-response")).findFirst()
                .orElseThrow()) + 1;
        int outcome = lines.indexOf(lines.stream().filter(line -> line.contains("buyer-silent")).findFirst()
                .orElseThrow()) + 1;
        String problems = "policy file file:" + file + ", line " + window
                + ": windows.seller-response: -5d must be longer than zero\n"
                + "policy file file:" + file + ", line " + outcome + ": outcomes.buyer-silent: ACCEPT_CLAIM is not an"
                + " outcome of this deadline; choose APPLY_LATEST_OFFER, CLOSE_IN_SELLERS_FAVOUR, ESCALATE";

        assertThatThrownBy(() -> PolicyVersionsTests.start(database(), "file:" + file)).rootCause()
                .isInstanceOf(InvalidPolicyException.class).hasMessage(problems);
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START",
                "Description:\n\nArbiter cannot start with this policy:\n" + problems + "\n\nAction:\n\nFix the policy"
                        + " file file:" + file);
    }

    @Test
    void aMissingPolicyFileStopsTheStart() {
        assertThatThrownBy(() -> PolicyVersionsTests.start(database(), "file:" + dir.resolve("nowhere.yml")))
                .rootCause().isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policy file file:" + dir.resolve("nowhere.yml") + ": there is no such file"
                        + " (arbiter.policy.file names a classpath: or file: location)");
    }

    @Test
    void aWindowSetTheOldWayAsAPropertyStopsTheStartInsteadOfBeingIgnored() {
        assertThatThrownBy(() -> PolicyVersionsTests.start(database(), List.of("arbiter.policy.seller-response=3d")))
                .hasStackTraceContaining("arbiter.policy.seller-response");
    }
}
