package io.arbiter.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * {@code --arbiter.audit.verify-and-exit=true}: verifies every chain, prints the report and ends with exit code 0
 * (all intact) or 1 (a chain is broken). {@link #run} starts Arbiter for just that, without demo data or background
 * work, and returns the code from {@link SpringApplication#exit} (this bean is its
 * {@link ExitCodeGenerator}); {@code main} passes it to {@code System.exit}, a test reads it.
 */
@Component
@ConditionalOnBooleanProperty(AuditCommand.PROPERTY)
@Order(Ordered.LOWEST_PRECEDENCE)
public class AuditCommand implements ApplicationRunner, ExitCodeGenerator {

    public static final String PROPERTY = "arbiter.audit.verify-and-exit";

    /**
     * What the command turns off unless the command line says otherwise: it only reads (and chains, once). The web
     * server still starts, because the security configuration needs a web application, but on a free loopback port,
     * so it never clashes with a running Arbiter and nobody else can reach it.
     */
    private static final List<String> QUIET = List.of(
            "server.port=0",
            "server.address=127.0.0.1",
            "arbiter.demo.enabled=false",
            "arbiter.outbound.dispatcher-enabled=false",
            "arbiter.settlement.resender-enabled=false",
            "spring.modulith.events.republish-outstanding-events-on-restart=false");

    private final AuditTrail trail;
    private volatile int exitCode = 1;

    AuditCommand(AuditTrail trail) {
        this.trail = trail;
    }

    /** Whether the command line, a system property or the environment ({@code ARBITER_AUDIT_VERIFY_AND_EXIT}) asks for it. */
    public static boolean requested(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }

    /** Starts the application as the command, waits for the verification and returns the exit code. */
    public static int run(Class<?> application, String... args) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        for (String setting : QUIET) {
            String name = setting.substring(0, setting.indexOf('='));
            if (arguments.stream().noneMatch(arg -> arg.startsWith("--" + name + "="))) {
                arguments.add("--" + setting);
            }
        }
        if (arguments.stream().noneMatch(arg -> arg.startsWith("--" + PROPERTY + "="))) {
            arguments.add("--" + PROPERTY + "=true");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
        return SpringApplication.exit(context);
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
