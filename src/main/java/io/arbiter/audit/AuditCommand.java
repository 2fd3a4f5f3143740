package io.arbiter.audit;

import java.io.PrintStream;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code audit verify} (or the older {@code --arbiter.audit.verify-and-exit=true}): verifies every chain, prints the
 * report and ends with exit code 0 (all intact) or 1 (a chain is broken). {@code main} starts Arbiter for just that,
 * as a command (no web server, no timers), and passes the code from {@link SpringApplication#exit}, whose
 * {@link ExitCodeGenerator} this bean is, to {@code System.exit}.
 */
@Component
@ConditionalOnProperty(name = "arbiter.command", havingValue = "audit-verify")
public class AuditCommand implements ApplicationRunner, ExitCodeGenerator {

    private final AuditTrail trail;
    private volatile int exitCode = 1;

    AuditCommand(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void run(ApplicationArguments args) {
        AuditReport report = trail.verifyAll();
        print(report, System.out);
        exitCode = report.intact() ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    static void print(AuditReport report, PrintStream out) {
        out.println("Arbiter audit: " + report.disputesChecked() + " disputes, " + report.entriesChecked()
                + " chain entries checked");
        if (report.intact()) {
            out.println("Arbiter audit: every chain is intact");
            return;
        }
        out.println("Arbiter audit: " + report.brokenCount() + " broken chain(s); first problem of each:");
        for (ChainProblem problem : report.brokenChains()) {
            out.println("  dispute " + problem.disputeId() + " entry " + problem.sequence() + ": " + problem.kind()
                    + " - " + problem.detail());
        }
        if (report.brokenCount() > report.brokenChains().size()) {
            out.println("  ... and " + (report.brokenCount() - report.brokenChains().size()) + " more");
        }
    }
}
