package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's "A dispute from opening to decision", pasted as it stands (curl and bash) against the demo, twice:
 * a newcomer runs it again, and the second run must tell the same story.
 */
class ReadmeWalkthroughTests {

    private static final String SECTION = "## A dispute from opening to decision (curl)";

    @Test
    void theCurlWalkthroughRunsToADecisionTwiceInARow(@TempDir Path data) throws Exception {
        assumeTrue(found("bash") && found("curl"), "the walkthrough needs bash and curl on the PATH");
        String script = walkthrough();
        try (ConfigurableApplicationContext demo = new SpringApplicationBuilder(ArbiterApplication.class).run(
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("arbiter")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--arbiter.evidence.storage.directory=" + data.resolve("evidence"),
                "--server.port=0", "--arbiter.demo.enabled=true", "--arbiter.security.bcrypt-strength=4")) {
            int port = ((WebServerApplicationContext) demo).getWebServer().getPort();
            String here = script.replace("http://localhost:8080", "http://localhost:" + port);
            for (int run = 1; run <= 2; run++) {
                String output = bash(here);
                assertThat(output).as("run " + run + ":\n" + output)
                        .containsPattern("dispute [0-9a-f-]{36}")
                        .contains("\"refundToBuyer\":2000")
                        .doesNotContain("\"status\":4");
            }
        }
    }

    private static boolean found(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException missing) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String walkthrough() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf(SECTION));
        int start = section.indexOf("```bash\n") + "```bash\n".length();
        return section.substring(start, section.indexOf("\n```", start));
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
