package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.support.ArbiterProcess;

/**
 * `./mvnw spring-boot:run` stopped with Ctrl-C: the JVM's shutdown hooks run at once, H2's (closing the database)
 * beside Spring's (closing the context, whose event publication registry still reads the database). The default
 * embedded database must leave closing to Spring.
 */
class EmbeddedDatabaseShutdownTests {

    @Test
    void stoppingTheServerOnTheDefaultEmbeddedDatabaseLogsNoError(@TempDir Path workingDirectory) throws Exception {
        String name = "embedded-database-shutdown";
        Process arbiter = ArbiterProcess.startIn(workingDirectory, name, ArbiterProcess.freePort(),
                List.of("--arbiter.demo.enabled=true"));

        arbiter.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
        assertThat(arbiter.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.exists(workingDirectory.resolve("data/arbiter.mv.db"))).as("the default database").isTrue();
        assertThat(Files.readString(ArbiterProcess.log(name)))
                .doesNotContain("Database is already closed")
                .doesNotContain("Invocation of destroy method failed")
                .doesNotContain(" ERROR ");
    }
}
