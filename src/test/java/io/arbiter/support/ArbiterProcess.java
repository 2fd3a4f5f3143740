package io.arbiter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.arbiter.ArbiterApplication;

/**
 * Arbiter as a separate process on the demo marketplace and a given database, for tests that kill it and start
 * it again. Its output goes to {@code target/<name>.log}.
 */
public final class ArbiterProcess {

    private ArbiterProcess() {
    }

    /** Starts it and waits until it answers its health check; fails if it exits or does not start in time. */
    public static Process start(String name, String database, int port, String... extraArguments)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--arbiter.demo.enabled=true"));
        arguments.addAll(List.of(extraArguments));
        return startIn(Path.of("."), name, port, arguments);
    }

    /**
     * Starts it in that working directory (where the default embedded database and evidence go, under
     * {@code ./data}) with those arguments only, and waits until it answers its health check.
     */
    public static Process startIn(Path directory, String name, int port, List<String> arguments)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = log(name);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m"));
        command.addAll(Arrays.asList(System.getProperty("arbiter.test.jvm-options", "").split("\\s+")));
        command.removeIf(String::isBlank);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ArbiterApplication.class.getName(),
                "--server.port=" + port,
                "--arbiter.security.bcrypt-strength=4"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Api anonymous = Api.anonymous(port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Arbiter (" + name + ") exited; see " + log.toAbsolutePath());
            }
            try {
                if (anonymous.get("/actuator/health").status() == 200) {
                    return process;
                }
            } catch (IllegalStateException notYetListening) {
                // keep waiting for the port
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("Arbiter (" + name + ") did not start in time; see " + log.toAbsolutePath());
    }

    /** Where the process of that name writes its output. */
    public static Path log(String name) {
        return Path.of("target", name + ".log").toAbsolutePath();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
