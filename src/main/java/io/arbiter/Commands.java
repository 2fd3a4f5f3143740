package io.arbiter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * The jar's one-shot commands ({@code audit verify}, {@code admin create}): the first words on the command line name
 * one, the {@code --} options after them are its own and Spring's. A command starts Arbiter without a web server,
 * without timers (no {@code @Scheduled} method, no due-time executor, no outbox dispatcher) and without the demo,
 * runs the bean named by {@code arbiter.command}, and ends with that bean's exit code: 0 done, 1 refused (a broken
 * chain, an existing user), or {@link #COULD_NOT_RUN} when Arbiter could not start or the command failed.
 */
public final class Commands {

    static final String PROPERTY = "arbiter.command";
    static final int COULD_NOT_RUN = 2;

    /** The old way to ask for {@code audit verify}; still honoured. */
    static final String VERIFY_AND_EXIT = "arbiter.audit.verify-and-exit";

    /** Each command's words joined by '-': the value of {@link #PROPERTY} its bean waits for. */
    private static final List<String> COMMANDS = List.of("audit-verify", "admin-create");

    /** Set unless the command line sets them: a command only reads and writes what it is for. */
    private static final List<String> QUIET = List.of(
            "arbiter.demo.enabled=false",
            "arbiter.deadline.executor-enabled=false",
            "arbiter.outbound.dispatcher-enabled=false",
            "arbiter.settlement.resender-enabled=false",
            "arbiter.notification.mail-sender-enabled=false",
            "arbiter.webhook.carry-over-enabled=false",
            "arbiter.evidence.fingerprint-backfill-enabled=false",
            "logging.level.root=warn");

    private Commands() {
    }

    /** The command the arguments ask for ({@code audit-verify}, {@code admin-create}), if any. */
    public static Optional<String> requested(String... args) {
        List<String> words = Arrays.stream(args).takeWhile(arg -> !arg.startsWith("-")).toList();
        if (!words.isEmpty()) {
            return Optional.of(String.join("-", words).toLowerCase(Locale.ROOT));
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return environment.getProperty(VERIFY_AND_EXIT, Boolean.class, false)
                ? Optional.of("audit-verify") : Optional.empty();
    }

    /** Runs the command the arguments name and returns its exit code; nothing here calls {@code System.exit}. */
    public static int run(Class<?> application, String... args) {
        String command = requested(args).orElseThrow();
        if (!COMMANDS.contains(command)) {
            usage(System.err, "unknown command: " + command.replace('-', ' '));
            return COULD_NOT_RUN;
        }
        List<String> options = Arrays.stream(args).filter(arg -> arg.startsWith("-")).toList();
        try {
            return SpringApplication.exit(start(application, command, options));
        } catch (RuntimeException failure) {
            System.err.println("Arbiter " + command.replace('-', ' ') + " could not run: " + rootCause(failure));
            return COULD_NOT_RUN;
        }
    }

    /** Arbiter started as the command (which has run when this returns), for {@link #run} and for tests. */
    static ConfigurableApplicationContext start(Class<?> application, String command, List<String> options) {
        List<String> arguments = new ArrayList<>(options);
        arguments.add("--" + PROPERTY + "=" + command);
        for (String setting : QUIET) {
            String name = setting.substring(0, setting.indexOf('='));
            if (arguments.stream().noneMatch(arg -> arg.startsWith("--" + name + "="))) {
                arguments.add("--" + setting);
            }
        }
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .initializers(Commands::withoutScheduledMethods)
                .run(arguments.toArray(String[]::new));
    }

    /**
     * {@code @EnableScheduling} has no switch; without its post-processor no {@code @Scheduled} method is
     * registered, so no cleanup or retry timer starts behind the command's back.
     */
    private static void withoutScheduledMethods(ConfigurableApplicationContext context) {
        context.addBeanFactoryPostProcessor(beanFactory -> {
            if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(
                    TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)) {
                registry.removeBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME);
            }
        });
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    static void usage(PrintStream out, String problem) {
        out.println("Arbiter: " + problem);
        out.println("""
                Commands (each starts no web server and no timers; exit 0 done, 1 refused, 2 could not run):
                  audit verify                  verify every dispute's hash chain (1: a chain is broken)
                  admin create --username=NAME  create an admin (password from ARBITER_ADMIN_PASSWORD, or generated
                      [--display-name=TEXT]     and printed once) and an integration API key (printed once;
                      [--email=ADDRESS]         --api-key-name=TEXT names it, --no-api-key skips it)
                Database settings as for the server (SPRING_DATASOURCE_URL, ...). See README "First start in production".""");
    }
}
