package io.arbiter.bench;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM and by the PostgreSQL server's processes (see {@link ProcessCpu}; -1 if unknown). */
record CpuTime(long applicationNanos, long databaseNanos, long wallNanos) {

    static CpuTime read() {
        long application = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        return new CpuTime(application, ProcessCpu.postgresNanos(), System.nanoTime());
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(applicationNanos - earlier.applicationNanos,
                databaseNanos < 0 || earlier.databaseNanos < 0 ? -1 : databaseNanos - earlier.databaseNanos,
                wallNanos - earlier.wallNanos);
    }
}
