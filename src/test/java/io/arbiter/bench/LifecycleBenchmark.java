package io.arbiter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Issue 14, Benchmarks: N dispute lifecycles through Arbiter's HTTP API at several concurrencies, once per way of
 * authenticating the parties, interleaved with the Flowable peer ({@code ../shared/peers/flowable/run.sh}) doing the
 * same lifecycle. Run through {@code bench/lifecycle}, which builds the jar and this class and cleans up after it.
 *
 * <p>A lifecycle is four calls, four state changes: the marketplace imports a paid, delivered order (API key), the
 * buyer opens a partial-refund dispute, the seller counter-offers, the buyer accepts and the order settles (the
 * accept's answer must say RESOLVED with the counter-offer refunded). The peer does the same in five calls (its
 * process starts with the dispute; two calls look up its task ids).
 *
 * <p>Each measured run gets a fresh database and a fresh Arbiter (the jar, in its own JVM, demo off), as the peer
 * gets a fresh database and engine from its script: no run inherits another's rows or JIT. The driver serves its
 * own JWK set on loopback, so Arbiter accepts the RS256 tokens it signs; an admin token creates the API key and
 * the password users. Database work is PostgreSQL's own count for Arbiter's database around the run, the
 * asynchronous tail (notices, payouts) included, minus what the idle application does meanwhile (its pollers).
 */
public final class LifecycleBenchmark {

    /** A lifecycle's state changes: import, open, counter-offer, accept (which settles). */
    private static final int TRANSITIONS = 4;
    private static final int BUYERS = 50;
    private static final int SELLERS = 20;
    private static final long ORDER_TOTAL = 5000;
    private static final long CLAIMED = 2599;
    private static final long COUNTER_OFFER = 1200;
    /** Each lifecycle pays out twice: the counter-offer refunded to the buyer, the rest released to the seller. */
    private static final int PAYOUTS_PER_LIFECYCLE = 2;
    private static final String PASSWORD = "lifecycle-bench-password";
    /**
     * PostgreSQL 15+ backends send their counters at most once a second and, once idle, within 10 s: a reading
     * this long after the last request holds all of it. It also lets the asynchronous tail finish.
     */
    private static final Duration SETTLE = Duration.ofSeconds(12);
    /** How long the idle application is watched to learn what its pollers cost per second. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern CONFIRMED = Pattern.compile("\"status\":\"CONFIRMED\"");
    private static final Pattern PEER_RATE = Pattern.compile("= ([0-9.]+) lifecycles/s");
    private static final Pattern PEER_ERRORS = Pattern.compile("errors (\\d+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What must be stopped or dropped if the run is interrupted. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    private LifecycleBenchmark() {
    }

    enum Auth {
        /** Parties send an RS256 ID token from the driver's provider (the marketplace's users in production). */
        BEARER,
        /** Parties send their username and password (bcrypt-checked by Arbiter). */
        BASIC
    }

    enum Call {
        IMPORT, OPEN, COUNTER, ACCEPT
    }

    record Settings(int lifecycles, int warmUp, List<Integer> concurrencies, List<Auth> modes, int rounds,
                    Path peerScript, String pgHost, int pgPort, String pgUser, String pgPassword,
                    String databasePrefix, Path jar, Path workDirectory, List<String> arbiterJvmOptions,
                    List<String> arbiterArguments, int requestsPerSecond, int seconds) {

        static Settings fromEnvironment(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                options.put(pair[0], pair.length == 2 ? pair[1] : "true");
            }
            String peer = options.getOrDefault("peer", "");
            return new Settings(
                    positive(options.getOrDefault("lifecycles", "2000"), "lifecycles"),
                    Integer.parseInt(options.getOrDefault("warm-up", "300")),
                    Arrays.stream(options.getOrDefault("concurrency", "4 8 16").trim().split("[ ,]+"))
                            .map(c -> positive(c, "concurrency")).toList(),
                    Arrays.stream(options.getOrDefault("auth", "bearer basic").trim().split("[ ,]+"))
                            .map(mode -> Auth.valueOf(mode.toUpperCase(Locale.ROOT))).toList(),
                    positive(options.getOrDefault("rounds", "1"), "rounds"),
                    peer.isBlank() ? null : Path.of(peer),
                    options.getOrDefault("pg-host", "127.0.0.1"),
                    Integer.parseInt(options.getOrDefault("pg-port", "5432")),
                    options.getOrDefault("pg-user", "postgres"),
                    Optional.ofNullable(System.getenv("PGPASSWORD")).orElse(""),
                    options.getOrDefault("database-prefix", "arbiter_lifecycle"),
                    Path.of(required(options, "jar")),
                    Path.of(options.getOrDefault("work", "target/bench-lifecycle")),
                    words(options.getOrDefault("arbiter-jvm-options", "")),
                    words(options.getOrDefault("arbiter-arguments", "")),
                    Integer.parseInt(options.getOrDefault("rate", "0")),
                    positive(options.getOrDefault("seconds", "60"), "seconds"));
        }

        private static String required(Map<String, String> options, String name) {
            String value = options.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        private static int positive(String value, String name) {
            int number = Integer.parseInt(value.trim());
            if (number < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + value);
            }
            return number;
        }

        private static List<String> words(String value) {
            return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(args);
        Runtime.getRuntime().addShutdownHook(new Thread(LifecycleBenchmark::stopEverything, "lifecycle-cleanup"));
        Files.createDirectories(settings.workDirectory());
        System.out.printf(Locale.ROOT, "load average at start: %s (%d cores)%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%,d lifecycles per run after %,d for warm-up, concurrency %s, parties by %s,"
                        + " %d round(s), peer: %s%n", settings.lifecycles(), settings.warmUp(),
                settings.concurrencies(), settings.modes(), settings.rounds(),
                settings.peerScript() == null ? "skipped" : settings.peerScript());
        String statementsNote = statementCounting(settings);
        System.out.println("statements: " + statementsNote);

        List<ArbiterRun> arbiterRuns = new ArrayList<>();
        List<PeerRun> peerRuns = new ArrayList<>();
        boolean failed = false;
        try (Provider provider = new Provider()) {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (int concurrency : settings.concurrencies()) {
                    for (Auth auth : settings.modes()) {
                        ArbiterRun run = runArbiter(settings, provider, auth, concurrency, round);
                        arbiterRuns.add(run);
                        failed |= run.failed();
                    }
                    if (settings.peerScript() != null) {
                        PeerRun peer = runPeer(settings, concurrency, round);
                        peerRuns.add(peer);
                        failed |= peer.failed();
                        printRatios(arbiterRuns, peer, concurrency, round);
                    }
                }
            }
        }
        printSummary(settings, arbiterRuns, peerRuns);
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
        System.exit(failed ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------------- Arbiter

    record Latencies(Map<Call, long[]> byCall) {

        long[] all() {
            return byCall.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }

        static String format(long[] sorted) {
            return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f/%.1f", sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }

    record ArbiterRun(Auth auth, int concurrency, int round, int completed, int errors, double seconds,
                      Latencies latencies, Work work, boolean failed) {

        double rate() {
            return seconds > 0 ? completed / seconds : 0;
        }
    }

    private static ArbiterRun runArbiter(Settings settings, Provider provider, Auth auth, int concurrency, int round)
            throws Exception {
        String label = "arbiter " + auth.name().toLowerCase(Locale.ROOT) + " c=" + concurrency;
        System.out.printf(Locale.ROOT, "%n%s (round %d), load average %s%n", label, round, loadAverage());
        String database = settings.databasePrefix() + "_" + auth.name().toLowerCase(Locale.ROOT) + "_c" + concurrency
                + "_r" + round;
        createDatabase(settings, database);
        Process arbiter = null;
        try {
            boolean statements = createStatementsExtension(settings, database);
            int port = freePort();
            arbiter = startArbiter(settings, provider, database, port);
            String base = "http://127.0.0.1:" + port;
            Parties parties = Parties.create(base, provider, auth);
            if (settings.warmUp() > 0) {
                Load warmUp = drive(base, parties, "WARM-" + round + "-", settings.warmUp(), concurrency);
                System.out.printf(Locale.ROOT, "  warm-up: %,d lifecycles in %.1f s, errors %d%n", warmUp.completed(),
                        warmUp.seconds(), warmUp.errors());
            }
            try (Connection statistics = DriverManager.getConnection(settings.jdbcUrl(database), settings.pgUser(),
                    settings.pgPassword())) {
                Thread.sleep(SETTLE.toMillis());
                Counters idleStart = Counters.read(statistics, statements, arbiter);
                Thread.sleep(IDLE_WINDOW.toMillis());
                Counters before = Counters.read(statistics, statements, arbiter);
                Load load = settings.requestsPerSecond() > 0
                        ? driveAtRate(base, parties, "RUN-" + round + "-", settings.requestsPerSecond(),
                        settings.seconds())
                        : drive(base, parties, "RUN-" + round + "-", settings.lifecycles(), concurrency);
                Thread.sleep(SETTLE.toMillis());
                Counters after = Counters.read(statistics, statements, arbiter);
                Work work = Work.of(before.minus(idleStart), after.minus(before), load.completed());
                int expectedPayouts = PAYOUTS_PER_LIFECYCLE * (load.completed() + parties.warmedUp());
                int confirmed = confirmedPayouts(base, parties);
                ArbiterRun run = new ArbiterRun(auth, concurrency, round, load.completed(), load.errors(),
                        load.seconds(), load.latencies(), work, load.errors() > 0 || confirmed != expectedPayouts);
                print(label, run);
                System.out.printf(Locale.ROOT, "  settled: %,d of %,d payouts confirmed (warm-up included)%s%n",
                        confirmed, expectedPayouts, confirmed == expectedPayouts ? ""
                                : confirmed < expectedPayouts
                                ? ": the tail was not finished at the reading, the database figures undercount"
                                : ": more than expected");
                return run;
            }
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            System.out.printf(Locale.ROOT, "%s failed: %s%n", label,
                    message.substring(0, Math.min(500, message.length())));
            return new ArbiterRun(auth, concurrency, round, 0, 0, 0, new Latencies(Map.of()), null, true);
        } finally {
            if (arbiter != null) {
                stop(arbiter);
            }
            dropDatabase(settings, database);
        }
    }

    private static void print(String label, ArbiterRun run) {
        long[] all = run.latencies().all();
        System.out.printf(Locale.ROOT, "%s: %,d lifecycles in %.1f s = %.1f lifecycles/s, %,d requests, p50 %.1f ms,"
                        + " p99 %.1f ms, errors %d%n", label, run.completed(), run.seconds(), run.rate(), all.length,
                all.length == 0 ? 0 : all[all.length / 2] / 1e6,
                all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6, run.errors());
        StringBuilder perCall = new StringBuilder("  p50/p99 ms per call:");
        run.latencies().byCall().forEach((call, sorted) -> perCall.append(' ')
                .append(call.name().toLowerCase(Locale.ROOT)).append(' ').append(Latencies.format(sorted)));
        System.out.println(perCall);
        Work work = run.work();
        if (work == null) {
            return;
        }
        System.out.printf(Locale.ROOT, "  per lifecycle: %.1f transactions, rows %.1f inserted + %.1f updated + %.1f"
                        + " deleted, %.1f sequential scans%s%n", work.transactions(), work.inserted(), work.updated(),
                work.deleted(), work.sequentialScans(), Double.isNaN(work.statements()) ? ""
                        : String.format(Locale.ROOT, ", %.1f statements (+ %.1f BEGIN/COMMIT/SET and the like)",
                        work.statements(), work.controlStatements()));
        System.out.printf(Locale.ROOT, "  per transition (lifecycle / %d): %.1f transactions%s%n", TRANSITIONS,
                work.transactions() / TRANSITIONS, Double.isNaN(work.statements()) ? ""
                        : String.format(Locale.ROOT, ", %.1f statements (+ %.1f control)",
                        work.statements() / TRANSITIONS, work.controlStatements() / TRANSITIONS));
        if (!Double.isNaN(work.arbiterCpuMillis())) {
            System.out.printf(Locale.ROOT, "  CPU per lifecycle: Arbiter's JVM %.1f ms, PostgreSQL %s%n",
                    work.arbiterCpuMillis(), Double.isNaN(work.postgresCpuMillis()) ? "not measured"
                            : String.format(Locale.ROOT, "%.1f ms (all its processes: on a shared server, everyone's)",
                            work.postgresCpuMillis()));
        }
        System.out.printf(Locale.ROOT, "  idle application meanwhile (subtracted): %.1f transactions/s%s%n",
                work.idleTransactionsPerSecond(), Double.isNaN(work.statements()) ? ""
                        : String.format(Locale.ROOT, ", %.1f statements/s", work.idleStatementsPerSecond()));
    }

    private static Process startArbiter(Settings settings, Provider provider, String database, int port)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = settings.workDirectory().resolve(database + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        command.addAll(settings.arbiterJvmOptions());
        command.addAll(List.of("-jar", settings.jar().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--spring.datasource.url=" + settings.jdbcUrl(database),
                "--spring.datasource.username=" + settings.pgUser(),
                "--spring.datasource.password=" + settings.pgPassword(),
                "--arbiter.demo.enabled=false",
                "--arbiter.security.jwt.jwk-set-uri=" + provider.issuer() + "/jwks",
                "--arbiter.security.jwt.issuer=" + provider.issuer(),
                "--arbiter.evidence.storage.directory=" + settings.workDirectory().resolve(database + "-evidence")));
        command.addAll(settings.arbiterArguments());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RUNNING.add(process);
        long started = System.nanoTime();
        while (System.nanoTime() - started < START_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Arbiter exited while starting; see " + log.toAbsolutePath());
            }
            try {
                if (send("GET", "http://127.0.0.1:" + port + "/actuator/health", null, Map.of()).statusCode() == 200) {
                    System.out.printf(Locale.ROOT, "  Arbiter ready in %.1f s on port %d, log %s%n",
                            (System.nanoTime() - started) / 1e9, port, log);
                    return process;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        stop(process);
        throw new IllegalStateException("Arbiter did not start in " + START_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    /** How Arbiter's callers authenticate: the marketplace by API key, the parties as the run says. */
    record Parties(String apiKey, String[] buyers, String[] sellers, AtomicInteger warmedUpCount) {

        static Parties create(String base, Provider provider, Auth auth) throws IOException, InterruptedException {
            Map<String, String> admin = Map.of("Authorization", "Bearer " + provider.token("bench-admin", "ADMIN"));
            HttpResponse<String> key = expect(send("POST", base + "/api/v1/admin/api-keys",
                    "{\"name\":\"lifecycle benchmark\"}", admin), 201);
            Matcher keyValue = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(key.body());
            if (!keyValue.find()) {
                throw new IllegalStateException("no key in " + key.body());
            }
            String[] buyers = new String[BUYERS];
            String[] sellers = new String[SELLERS];
            for (int i = 0; i < BUYERS; i++) {
                buyers[i] = credentials(base, provider, auth, admin, "buyer-" + i, "BUYER");
            }
            for (int i = 0; i < SELLERS; i++) {
                sellers[i] = credentials(base, provider, auth, admin, "seller-" + i, "SELLER");
            }
            return new Parties(keyValue.group(1), buyers, sellers, new AtomicInteger());
        }

        /** The Authorization header value for one party; password users are made through the admin API. */
        private static String credentials(String base, Provider provider, Auth auth, Map<String, String> admin,
                                          String id, String role) throws IOException, InterruptedException {
            if (auth == Auth.BEARER) {
                return "Bearer " + provider.token(id, role);
            }
            expect(send("POST", base + "/api/v1/admin/users", """
                    {"id":"%1$s","username":"%1$s","password":"%2$s","role":"%3$s","displayName":"Bench %1$s",
                     "email":"%1$s@example.com"}""".formatted(id, PASSWORD, role), admin), 201);
            return "Basic " + Base64.getEncoder().encodeToString((id + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
        }

        int warmedUp() {
            return warmedUpCount.get();
        }
    }

    record Load(int completed, int errors, double seconds, Latencies latencies) {
    }

    /** {@code count} lifecycles by {@code concurrency} workers, each taking the next lifecycle when done. */
    private static Load drive(String base, Parties parties, String orderPrefix, int count, int concurrency)
            throws InterruptedException {
        Map<Call, ConcurrentLinkedQueue<Long>> latencies = newLatencies();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        lifecycle(base, parties, orderPrefix + i, i, latencies);
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.out.println("  error: " + e.getMessage());
                        }
                    }
                }
            }));
        }
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        if (orderPrefix.startsWith("WARM")) {
            parties.warmedUpCount().addAndGet(completed.get());
        }
        return new Load(completed.get(), errors.get(), seconds, sorted(latencies));
    }

    /**
     * An open load: lifecycles start on a fixed schedule, a quarter of the request rate per second (four requests
     * each), whether or not the earlier ones finished, for the given seconds; then the driver waits for the last.
     * A server that falls behind meets more work at once, and its latencies show it (a closed loop would wait).
     */
    private static Load driveAtRate(String base, Parties parties, String orderPrefix, int requestsPerSecond,
                                    int seconds) throws InterruptedException {
        Map<Call, ConcurrentLinkedQueue<Long>> latencies = newLatencies();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService lifecycles = Executors.newCachedThreadPool();
        long interval = Math.round(4e9 / requestsPerSecond);
        int count = (int) ((long) seconds * requestsPerSecond / 4);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            lifecycles.submit(() -> {
                try {
                    lifecycle(base, parties, orderPrefix + n, n, latencies);
                    completed.incrementAndGet();
                } catch (Exception e) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("  error: " + e.getMessage());
                    }
                }
            });
        }
        lifecycles.shutdown();
        lifecycles.awaitTermination(10, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "  open load: %,d lifecycles started at %d requests/s for %d s, the last"
                + " finished after %.1f s%n", count, requestsPerSecond, seconds, elapsed);
        return new Load(completed.get(), errors.get(), elapsed, sorted(latencies));
    }

    private static Map<Call, ConcurrentLinkedQueue<Long>> newLatencies() {
        Map<Call, ConcurrentLinkedQueue<Long>> latencies = new EnumMap<>(Call.class);
        for (Call call : Call.values()) {
            latencies.put(call, new ConcurrentLinkedQueue<>());
        }
        return latencies;
    }

    private static Latencies sorted(Map<Call, ConcurrentLinkedQueue<Long>> latencies) {
        Map<Call, long[]> sorted = new EnumMap<>(Call.class);
        latencies.forEach((call, values) -> sorted.put(call,
                values.stream().mapToLong(Long::longValue).sorted().toArray()));
        return new Latencies(sorted);
    }

    private static void lifecycle(String base, Parties parties, String orderId, int i,
                                  Map<Call, ConcurrentLinkedQueue<Long>> latencies)
            throws IOException, InterruptedException {
        int buyer = i % BUYERS;
        int seller = i % SELLERS;
        Instant now = Instant.now();
        Map<String, String> marketplace = Map.of("X-Api-Key", parties.apiKey());
        timed(latencies, Call.IMPORT, () -> expect(send("PUT", base + "/api/v1/orders/" + orderId, """
                {"buyer":{"id":"buyer-%d","name":"Buyer %1$d"},"seller":{"id":"seller-%d","name":"Seller %2$d"},
                 "currency":"EUR","total":%d,"paid":%3$d,"placedAt":"%s","promisedDeliveryBy":"%s",
                 "shipment":{"carrier":"DHL","trackingNumber":"TRK-%s","shippedAt":"%s","deliveredAt":"%s",
                             "events":[]},
                 "lines":[{"sku":"SKU-1","title":"Running shoes","description":"Blue running shoes, size 42",
                           "quantity":1,"unitPrice":%3$d,"attributes":{"size":"42","colour":"blue"},
                           "imageUrls":["https://img.example.com/shoes.jpg"]}]}"""
                .formatted(buyer, seller, ORDER_TOTAL, now.minus(Duration.ofDays(7)),
                        now.minus(Duration.ofDays(1)), orderId, now.minus(Duration.ofDays(6)),
                        now.minus(Duration.ofDays(2))), marketplace), 201));
        Map<String, String> asBuyer = Map.of("Authorization", parties.buyers()[buyer]);
        Map<String, String> asSeller = Map.of("Authorization", parties.sellers()[seller]);
        String opened = timed(latencies, Call.OPEN, () -> expect(send("POST", base + "/api/v1/disputes", """
                {"orderId":"%s","reason":"NOT_AS_DESCRIBED","description":"The shoes are green, not blue",
                 "piecesAffected":1,"resolution":{"type":"PARTIAL_REFUND","amount":%d},
                 "differences":[{"attribute":"colour","listed":"blue","received":"green"}]}"""
                .formatted(orderId, CLAIMED), withIdempotencyKey(asBuyer)), 201)).body();
        Matcher id = ID.matcher(opened);
        if (!id.find()) {
            throw new IllegalStateException("no dispute id in " + opened);
        }
        String dispute = base + "/api/v1/disputes/" + id.group(1);
        timed(latencies, Call.COUNTER, () -> expect(send("POST", dispute + "/offers", """
                {"resolution":{"type":"PARTIAL_REFUND","amount":%d},"note":"Keep them and take this"}"""
                .formatted(COUNTER_OFFER), withIdempotencyKey(asSeller)), 200));
        String accepted = timed(latencies, Call.ACCEPT, () -> expect(send("POST", dispute + "/accept", null,
                withIdempotencyKey(asBuyer)), 200)).body();
        if (!accepted.contains("\"status\":\"RESOLVED\"") || !accepted.contains("\"refundToBuyer\":" + COUNTER_OFFER)) {
            throw new IllegalStateException("the accepted dispute is not resolved with the counter-offer refunded: "
                    + accepted.substring(0, Math.min(300, accepted.length())));
        }
    }

    /** A client that retries safely sends a key with every POST, as the API asks. */
    private static Map<String, String> withIdempotencyKey(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put("Idempotency-Key", UUID.randomUUID().toString());
        return copy;
    }

    private interface Exchange {
        HttpResponse<String> run() throws IOException, InterruptedException;
    }

    private static HttpResponse<String> timed(Map<Call, ConcurrentLinkedQueue<Long>> latencies, Call call,
                                              Exchange exchange) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> response = exchange.run();
        latencies.get(call).add(System.nanoTime() - started);
        return response;
    }

    /** The payouts list is not paged: each confirmed instruction names its status once. */
    private static int confirmedPayouts(String base, Parties parties) throws IOException, InterruptedException {
        String list = expect(send("GET", base + "/api/v1/payouts?status=CONFIRMED", null,
                Map.of("X-Api-Key", parties.apiKey())), 200).body();
        Matcher confirmed = CONFIRMED.matcher(list);
        int count = 0;
        while (confirmed.find()) {
            count++;
        }
        return count;
    }

    private static HttpResponse<String> send(String method, String url, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            String body = response.body();
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " -> " + response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
        }
        return response;
    }

    // ---------------------------------------------------------------------------------------------- database

    /** A counter that could not be read: no pg_stat_statements, or no /proc. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * Cumulative counters of one database and the CPU time of Arbiter's JVM and of PostgreSQL's processes, or their
     * differences between two readings. Statements and CPU times may be {@link #UNKNOWN}.
     */
    record Counters(long nanos, long transactions, long inserted, long updated, long deleted, long sequentialScans,
                    long statements, long controlStatements, long arbiterCpuNanos, long postgresCpuNanos) {

        /** One transaction on the caller's connection; the next reading's delta holds it, see Work. */
        static Counters read(Connection connection, boolean withStatements, Process arbiter) throws SQLException {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                long[] database = row(sql, """
                        select xact_commit + xact_rollback, tup_inserted, tup_updated, tup_deleted
                        from pg_stat_database where datname = current_database()""", 4);
                long scans = row(sql, "select coalesce(sum(seq_scan), 0) from pg_stat_user_tables", 1)[0];
                // Our own readings mention pg_stat; transaction control and session settings are counted apart.
                long[] statements = withStatements ? row(sql, """
                        select coalesce(sum(calls), 0),
                               coalesce(sum(calls) filter (where query ~* '^\\s*(begin|commit|rollback|start|savepoint|release|set|show|reset|discard)\\M'), 0)
                        from pg_stat_statements
                        where dbid = (select oid from pg_database where datname = current_database())
                          and query not like '%pg_stat%'""", 2) : new long[] {UNKNOWN, UNKNOWN};
                connection.commit();
                long arbiterCpu = ProcessCpu.nanosOf(arbiter.pid());
                long postgresCpu = ProcessCpu.postgresNanos();
                return new Counters(System.nanoTime(), database[0], database[1], database[2], database[3], scans,
                        statements[0], statements[1], arbiterCpu < 0 ? UNKNOWN : arbiterCpu,
                        postgresCpu < 0 ? UNKNOWN : postgresCpu);
            }
        }

        private static long[] row(Statement sql, String query, int columns) throws SQLException {
            try (ResultSet rows = sql.executeQuery(query)) {
                rows.next();
                long[] values = new long[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rows.getLong(i + 1);
                }
                return values;
            }
        }

        Counters minus(Counters earlier) {
            return new Counters(nanos - earlier.nanos, transactions - earlier.transactions,
                    inserted - earlier.inserted, updated - earlier.updated, deleted - earlier.deleted,
                    sequentialScans - earlier.sequentialScans, delta(statements, earlier.statements),
                    delta(controlStatements, earlier.controlStatements),
                    delta(arbiterCpuNanos, earlier.arbiterCpuNanos), delta(postgresCpuNanos, earlier.postgresCpuNanos));
        }

        private static long delta(long later, long earlier) {
            return later == UNKNOWN || earlier == UNKNOWN ? UNKNOWN : later - earlier;
        }
    }

    /**
     * Work per lifecycle: the run's counters less what the idle application did in as much time, per lifecycle;
     * NaN where unknown.
     */
    record Work(double transactions, double inserted, double updated, double deleted, double sequentialScans,
                double statements, double controlStatements, double arbiterCpuMillis, double postgresCpuMillis,
                double idleTransactionsPerSecond, double idleStatementsPerSecond) {

        static Work of(Counters idle, Counters run, int lifecycles) {
            double scale = (double) run.nanos() / idle.nanos();
            double n = Math.max(1, lifecycles);
            double idleSeconds = idle.nanos() / 1e9;
            // Each delta holds one reading's own transaction (the earlier reading commits after it reads).
            return new Work(
                    perLifecycle(run.transactions() - 1, idle.transactions() - 1, scale, n),
                    perLifecycle(run.inserted(), idle.inserted(), scale, n),
                    perLifecycle(run.updated(), idle.updated(), scale, n),
                    perLifecycle(run.deleted(), idle.deleted(), scale, n),
                    perLifecycle(run.sequentialScans(), idle.sequentialScans(), scale, n),
                    perLifecycle(run.statements(), idle.statements(), scale, n),
                    perLifecycle(run.controlStatements(), idle.controlStatements(), scale, n),
                    perLifecycle(run.arbiterCpuNanos(), idle.arbiterCpuNanos(), scale, n) / 1e6,
                    // On a shared server others' queries, and their connections ending, make this noisy.
                    perLifecycle(run.postgresCpuNanos(), idle.postgresCpuNanos(), scale, n) / 1e6,
                    (idle.transactions() - 1) / idleSeconds,
                    idle.statements() == UNKNOWN ? Double.NaN : idle.statements() / idleSeconds);
        }

        private static double perLifecycle(long run, long idle, double scale, double lifecycles) {
            return run == UNKNOWN || idle == UNKNOWN ? Double.NaN : (run - idle * scale) / lifecycles;
        }
    }

    /**
     * Statements are counted by pg_stat_statements, which works only when the server preloads it (a restart):
     * this says whether it does, and what is counted otherwise.
     */
    private static String statementCounting(Settings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl("postgres"), settings.pgUser(),
                settings.pgPassword()); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("""
                     select current_setting('shared_preload_libraries') ~ '(^|[ ,])pg_stat_statements($|[ ,])',
                            exists (select 1 from pg_available_extensions where name = 'pg_stat_statements')""")) {
            rows.next();
            if (rows.getBoolean(1) && rows.getBoolean(2)) {
                return "counted by pg_stat_statements";
            }
            return "not counted: pg_stat_statements is " + (rows.getBoolean(2) ? "installed but not in"
                    : "not installed, nor in") + " shared_preload_libraries (needs a PostgreSQL restart);"
                    + " transactions and rows from pg_stat_database only";
        }
    }

    private static boolean createStatementsExtension(Settings settings, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(database), settings.pgUser(),
                settings.pgPassword()); Statement sql = connection.createStatement()) {
            try (ResultSet rows = sql.executeQuery("select current_setting('shared_preload_libraries')"
                    + " ~ '(^|[ ,])pg_stat_statements($|[ ,])'")) {
                rows.next();
                if (!rows.getBoolean(1)) {
                    return false;
                }
            }
            sql.execute("create extension if not exists pg_stat_statements");
            return true;
        }
    }

    private static void createDatabase(Settings settings, String database) throws SQLException {
        adminStatement(settings, "create database " + database);
        DATABASES.add(database);
    }

    private static void dropDatabase(Settings settings, String database) {
        try {
            adminStatement(settings, "drop database if exists " + database + " with (force)");
            DATABASES.remove(database);
        } catch (SQLException e) {
            System.out.println("could not drop database " + database + ": " + e.getMessage());
        }
    }

    private static void adminStatement(Settings settings, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl("postgres"), settings.pgUser(),
                settings.pgPassword()); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    // ---------------------------------------------------------------------------------------------- the peer

    record PeerRun(int concurrency, int round, double rate, String line, boolean failed) {
    }

    /** The peer's own script: it builds, starts, warms up, drives and stops the peer, and prints one line. */
    private static PeerRun runPeer(Settings settings, int concurrency, int round) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%npeer c=%d (round %d), load average %s%n", concurrency, round, loadAverage());
        String database = settings.databasePrefix() + "_peer_c" + concurrency + "_r" + round;
        ProcessBuilder builder = new ProcessBuilder("bash", settings.peerScript().toString(),
                String.valueOf(settings.lifecycles()), String.valueOf(concurrency))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PEER_DB", database);
        builder.environment().put("PG_HOST", settings.pgHost());
        builder.environment().put("PG_PORT", String.valueOf(settings.pgPort()));
        builder.environment().put("PG_USER", settings.pgUser());
        builder.environment().putIfAbsent("PEER_WARMUP", String.valueOf(settings.warmUp()));
        String line = null;
        Process peer = null;
        DATABASES.add(database);
        try {
            builder.environment().put("PEER_PORT", String.valueOf(freePort()));
            peer = builder.start();
            RUNNING.add(peer);
            try (BufferedReader output = new BufferedReader(new InputStreamReader(peer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String printed; (printed = output.readLine()) != null; ) {
                    System.out.println("  " + printed);
                    // Maven's quiet build may leave terminal escapes in front of the line.
                    int result = printed.indexOf("flowable: ");
                    if (result >= 0) {
                        line = printed.substring(result);
                    }
                }
            }
            // Its exit status says nothing: the script's exit trap ends with the status of the peer it stops (143).
            int exit = peer.waitFor();
            Matcher rate = line == null ? null : PEER_RATE.matcher(line);
            if (rate == null || !rate.find()) {
                System.out.printf(Locale.ROOT, "peer c=%d failed (exit %d)%n", concurrency, exit);
                return new PeerRun(concurrency, round, 0, line, true);
            }
            Matcher errors = PEER_ERRORS.matcher(line);
            boolean failed = errors.find() && Integer.parseInt(errors.group(1)) > 0;
            return new PeerRun(concurrency, round, Double.parseDouble(rate.group(1)), line, failed);
        } catch (IOException e) {
            System.out.printf(Locale.ROOT, "peer c=%d failed: %s%n", concurrency, e.getMessage());
            return new PeerRun(concurrency, round, 0, line, true);
        } finally {
            if (peer != null) {
                stop(peer);
            }
            // The peer's script drops its database before it starts, not after.
            dropDatabase(settings, database);
        }
    }

    private static void printRatios(List<ArbiterRun> arbiterRuns, PeerRun peer, int concurrency, int round) {
        if (peer.rate() <= 0) {
            return;
        }
        StringBuilder ratios = new StringBuilder(String.format(Locale.ROOT, "ratio Arbiter/peer c=%d:", concurrency));
        for (ArbiterRun run : arbiterRuns) {
            if (run.concurrency() == concurrency && run.round() == round) {
                ratios.append(String.format(Locale.ROOT, " %s %.2f (%.1f / %.1f)",
                        run.auth().name().toLowerCase(Locale.ROOT), run.rate() / peer.rate(), run.rate(), peer.rate()));
            }
        }
        System.out.println(ratios);
    }

    /** The best of each side per concurrency, as the rounds are repetitions of the same measurement. */
    private static void printSummary(Settings settings, List<ArbiterRun> arbiterRuns, List<PeerRun> peerRuns) {
        System.out.printf(Locale.ROOT, "%nsummary (lifecycles/s, best of %d round(s)):%n", settings.rounds());
        for (int concurrency : settings.concurrencies()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  c=%-3d", concurrency));
            double peer = peerRuns.stream().filter(p -> p.concurrency() == concurrency)
                    .mapToDouble(PeerRun::rate).max().orElse(0);
            for (Auth auth : settings.modes()) {
                arbiterRuns.stream().filter(r -> r.concurrency() == concurrency && r.auth() == auth)
                        .max(Comparator.comparingDouble(ArbiterRun::rate))
                        .ifPresent(best -> {
                            line.append(String.format(Locale.ROOT, "  arbiter %s %.1f",
                                    auth.name().toLowerCase(Locale.ROOT), best.rate()));
                            if (peer > 0) {
                                line.append(String.format(Locale.ROOT, " (%.2fx)", best.rate() / peer));
                            }
                        });
            }
            if (peer > 0) {
                line.append(String.format(Locale.ROOT, "  peer %.1f", peer));
            }
            System.out.println(line);
        }
    }

    // ---------------------------------------------------------------------------------------------- processes

    /** Stops a process and everything it started (the peer's script starts the peer and its load generator). */
    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(process);
    }

    /** On an interruption (Ctrl-C, kill): what is still running is stopped; the databases go in bench/lifecycle. */
    private static void stopEverything() {
        RUNNING.forEach(LifecycleBenchmark::stop);
        if (!DATABASES.isEmpty()) {
            System.out.println("interrupted; left for bench/lifecycle to drop: " + DATABASES);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---------------------------------------------------------------------------------------------- tokens

    /** The marketplace's identity provider as far as Arbiter sees it: a JWK set on loopback and RS256 tokens. */
    static final class Provider implements AutoCloseable {

        private final RSAKey key;
        private final HttpServer server;

        Provider() throws JOSEException, IOException {
            key = new RSAKeyGenerator(2048).keyID("lifecycle-bench").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
        }

        String issuer() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** A token as a client holds it: signed once, sent with every call until it expires (after the run). */
        String token(String subject, String role) {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(subject)
                    .claim("arbiter_role", role).claim("name", "Bench " + subject)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofDays(1)))).build();
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            try {
                token.sign(new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return token.serialize();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
