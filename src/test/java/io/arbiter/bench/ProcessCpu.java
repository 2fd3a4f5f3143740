package io.arbiter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of processes on this machine, read from Linux's {@code /proc}; -1 where it cannot be
 * read (another system, or the process is gone). The PostgreSQL figure covers the server's processes alive at the
 * reading: connections that ended meanwhile are not counted, so it is a lower bound, and on a shared server it
 * includes everyone's queries.
 */
final class ProcessCpu {

    /** Linux reports process times in ticks of 1/100 s on every common architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path PROC = Path.of("/proc");

    private ProcessCpu() {
    }

    static long nanosOf(long pid) {
        try {
            return ticks(PROC.resolve(String.valueOf(pid))) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    static long postgresNanos() {
        if (!Files.isDirectory(PROC)) {
            return -1;
        }
        long ticks = 0;
        boolean found = false;
        try (var processes = Files.list(PROC)) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    ticks += ticks(process);
                    found = true;
                } catch (IOException ended) {
                    // The process ended while being read.
                }
            }
        } catch (IOException unreadable) {
            return -1;
        }
        return found ? ticks * NANOS_PER_TICK : -1;
    }

    private static long ticks(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
