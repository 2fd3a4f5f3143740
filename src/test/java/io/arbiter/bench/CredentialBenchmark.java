package io.arbiter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import io.arbiter.support.Api;
import io.arbiter.support.Marketplace;
import io.arbiter.support.TestClock;

/**
 * Issue 14, point 7: what checking the caller's credentials costs per request, with verified passwords remembered
 * and with remembering off ({@code arbiter.security.verified-passwords.ttl=0}), on PostgreSQL. Each setting gets
 * its own start of the application; each caller sends {@code GET /api/v1/me} (nothing but authentication and a
 * small answer) in a loop, first alone (latency), then from several threads (rate). The API key, which is never
 * remembered, runs in both starts as a control for the machine's noise. Run through {@code bench/credentials}.
 *
 * <p>The client runs in the application's JVM: its CPU is in the JVM figure, the same in every row.
 */
public final class CredentialBenchmark {

    private CredentialBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Duration warmUp = Duration.ofSeconds(Long.parseLong(Bench.env("BENCH_WARMUP_SECONDS", "3")));
        Duration measured = Duration.ofSeconds(Long.parseLong(Bench.env("BENCH_SECONDS", "8")));
        int concurrency = Integer.parseInt(Bench.env("BENCH_CONCURRENCY", "4"));
        String bcryptStrength = Bench.env("BENCH_BCRYPT_STRENGTH", "10");
        System.out.printf(Locale.ROOT, "settings: bcrypt strength %s, each start warmed up, then %d s warm-up and %d s per row, concurrency 1"
                        + " and %d, cores=%d, load average before: %s%n", bcryptStrength, warmUp.toSeconds(),
                measured.toSeconds(), concurrency, Runtime.getRuntime().availableProcessors(), loadAverage());
        for (String ttl : List.of("5m", "0")) {
            ConfigurableApplicationContext context = Bench.quietArbiter(url,
                    "--arbiter.security.bcrypt-strength=" + bcryptStrength,
                    "--arbiter.security.verified-passwords.ttl=" + ttl);
            try {
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                Marketplace marketplace = new Marketplace(port, context.getBean(UserDirectory.class),
                        context.getBean(ApiKeys.class), new TestClock(Instant.now()));
                String passwords = ttl.equals("0") ? "not remembered (ttl=0)" : "remembered (ttl=" + ttl + ")";
                Api basic = marketplace.buyer().api();
                Api apiKey = marketplace.integration();
                // A fresh JVM compiles the request path for many seconds, more on a busy machine: not measured.
                loop(basic, concurrency, warmUp.multipliedBy(3));
                loop(apiKey, concurrency, warmUp.multipliedBy(3));
                for (int threads : List.of(1, concurrency)) {
                    report("HTTP Basic, passwords " + passwords, basic, threads, warmUp, measured);
                    report("API key (control), passwords " + passwords, apiKey, threads, warmUp, measured);
                }
            } finally {
                context.close();
            }
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    private static void report(String caller, Api api, int threads, Duration warmUp, Duration measured)
            throws Exception {
        loop(api, threads, warmUp);
        CpuTime before = CpuTime.read();
        List<Double> latencies = loop(api, threads, measured);
        CpuTime cpu = CpuTime.read().minus(before);
        latencies.sort(null);
        int requests = latencies.size();
        System.out.printf(Locale.ROOT, "%-52s c=%-2d %8.1f requests/s  p50 %7.2f ms  p99 %7.2f ms"
                        + "  CPU per request: JVM %6.2f ms, PostgreSQL %s%n",
                caller, threads, requests / (cpu.wallNanos() / 1e9), Bench.percentile(latencies, 0.50),
                Bench.percentile(latencies, 0.99), cpu.applicationNanos() / 1e6 / requests,
                cpu.databaseNanos() < 0 ? "not measured"
                        : String.format(Locale.ROOT, "%5.2f ms", cpu.databaseNanos() / 1e6 / requests));
    }

    /** Sends requests from {@code threads} threads until {@code duration} has passed; the latency of each, in ms. */
    private static List<Double> loop(Api api, int threads, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Double>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(callers.submit(() -> {
                    List<Double> latencies = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long started = System.nanoTime();
                        api.get("/api/v1/me").expect(200);
                        latencies.add((System.nanoTime() - started) / 1e6);
                    }
                    return latencies;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            callers.shutdown();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}
