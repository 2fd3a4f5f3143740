package io.arbiter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by this JVM and by the PostgreSQL server's processes, when it runs on this machine (read from
 * {@code /proc}; -1 otherwise). Server processes that ended meanwhile are not counted, so the server's figure is
 * a lower bound.
 */
record CpuTime(long applicationNanos, long databaseNanos, long wallNanos) {

    /** Linux reports process times in ticks of 1/100 s on every common architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuTime read() {
        long application = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        return new CpuTime(application, databaseTicks() * NANOS_PER_TICK, System.nanoTime());
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(applicationNanos - earlier.applicationNanos,
                databaseNanos < 0 || earlier.databaseNanos < 0 ? -1 : databaseNanos - earlier.databaseNanos,
                wallNanos - earlier.wallNanos);
    }

    private static long databaseTicks() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long ticks = 0;
        boolean found = false;
        try (var processes = Files.list(proc)) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    if (!Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    String stat = Files.readString(process.resolve("stat"));
                    // Fields after the command name, which is in parentheses and may hold spaces.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    found = true;
                } catch (IOException ended) {
                    // The process ended while being read.
                }
            }
        } catch (IOException unreadable) {
            return -1;
        }
        return found ? ticks : -1;
    }
}
