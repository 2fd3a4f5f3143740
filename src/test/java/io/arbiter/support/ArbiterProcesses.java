package io.arbiter.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The Arbiter processes a test starts ({@link ArbiterProcess}), killed after it whatever happened. */
public final class ArbiterProcesses implements AfterEachCallback {

    private final List<Process> started = new ArrayList<>();

    public Process start(String name, String database, int port, String... extraArguments) throws Exception {
        Process process = ArbiterProcess.start(name, database, port, extraArguments);
        started.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Process::destroyForcibly);
        started.clear();
    }
}
