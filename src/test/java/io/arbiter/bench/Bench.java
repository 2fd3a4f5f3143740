package io.arbiter.bench;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.arbiter.ArbiterApplication;

/** What the benchmarks share: reading their settings, starting Arbiter, and summing up their samples. */
final class Bench {

    private Bench() {
    }

    static double percentile(List<Double> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Arbiter in this JVM on the given PostgreSQL database, on a free port, with nothing running in the background
     * (no demo, no pollers, no due times firing) and warnings only; {@code more} are further arguments.
     */
    static ConfigurableApplicationContext quietArbiter(String url, String... more) {
        return new SpringApplicationBuilder(ArbiterApplication.class).run(Stream.concat(Stream.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--server.port=0",
                "--arbiter.demo.enabled=false",
                "--arbiter.outbound.dispatcher-enabled=false",
                "--arbiter.settlement.resender-enabled=false",
                "--arbiter.deadline.executor-enabled=false",
                "--arbiter.evidence.storage.directory=target/bench-evidence",
                "--logging.level.root=warn"), Stream.of(more)).toArray(String[]::new));
    }
}
