package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;

import com.github.kagkarlsson.scheduler.Scheduler;

/** The jar's commands behave like commands: no web server, no timers, no demo, and exit codes that say what happened. */
@ExtendWith(OutputCaptureExtension.class)
class CommandsTests {

    @Test
    void aCommandStartsNoWebServerAndNoTimersSoABusyPortDoesNotStopIt(CapturedOutput output) throws IOException {
        try (ServerSocket busy = new ServerSocket(0);
             ConfigurableApplicationContext command = Commands.start(ArbiterApplication.class, "audit-verify",
                     List.of("--server.port=" + busy.getLocalPort(), "--spring.datasource.url=" + emptyDatabase()))) {
            assertThat(command).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(command.getBeanNamesForType(ScheduledAnnotationBeanPostProcessor.class)).isEmpty();
            assertThat(command.getBean(Scheduler.class).getSchedulerState().isStarted()).isFalse();
            assertThat(command.getEnvironment().getProperty("arbiter.demo.enabled")).isEqualTo("false");
        }
        assertThat(output.getOut()).contains("Arbiter audit: 0 disputes").contains("every chain is intact");
    }

    @Test
    void anUnknownCommandExitsWithTwoAndSaysWhichThereAre(CapturedOutput output) {
        assertThat(Commands.run(ArbiterApplication.class, "audit", "repair")).isEqualTo(Commands.COULD_NOT_RUN);
        assertThat(output.getErr()).contains("unknown command: audit repair").contains("admin create --username=NAME");
    }

    @Test
    void theCommandLineNamesTheCommandOrTheServerStarts() {
        assertThat(Commands.requested("audit", "verify", "--server.port=8080")).contains("audit-verify");
        assertThat(Commands.requested("admin", "create", "--username=ops")).contains("admin-create");
        assertThat(Commands.requested("--arbiter.audit.verify-and-exit=true")).contains("audit-verify");
        assertThat(Commands.requested("--arbiter.audit.verify-and-exit=false")).isEmpty();
        assertThat(Commands.requested("--server.port=8080")).isEmpty();
    }

    static String emptyDatabase() {
        return "jdbc:h2:mem:command-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
}
