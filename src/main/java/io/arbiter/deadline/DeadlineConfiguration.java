package io.arbiter.deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import com.github.kagkarlsson.scheduler.PollingStrategyConfig;
import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.arbiter.common.RealTime;
import io.arbiter.deadline.Timers.ProtectionTimer;

/**
 * db-scheduler as Arbiter uses it, for the end of buyer protection (a dispute's due times are fired in batches,
 * {@link DueTimeBatches}): the timer, the application's clock, timer data as JSON, lock-and-fetch polling on
 * PostgreSQL. The scheduler itself and its settings ({@code db-scheduler.*}) come from its Spring Boot starter;
 * {@code application.yml} explains the heartbeat settings.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    /** A firing that failed (the database was away, say) is tried again, waiting longer each time. */
    private static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(10);

    @Bean
    OneTimeTask<ProtectionTimer> buyerProtectionTask(DueTimeFiring firing) {
        return Tasks.oneTime(Timers.BUYER_PROTECTION, ProtectionTimer.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FIRST_RETRY_AFTER))
                .onDeadExecution(reviveNow())
                .execute((instance, context) -> firing.endProtection(instance.getData()));
    }

    /**
     * A timer whose instance died while running it is run again at once. db-scheduler's own handler reads the system
     * clock for that; this one takes the scheduler's, which is the application's.
     */
    private static <T> DeadExecutionHandler<T> reviveNow() {
        return (dead, operations) -> operations.reschedule(dead, dead.getTimeDone());
    }

    /** The scheduler decides what is due by the application's clock, so moving that clock fires due times. */
    @Bean
    com.github.kagkarlsson.scheduler.Clock dbSchedulerClock(Clock clock) {
        return clock::instant;
    }

    /** Timer data as JSON rather than Java serialization: readable in the table, and not tied to class versions. */
    static final Serializer TIMER_DATA = new Jackson3Serializer();

    @Bean
    DbSchedulerCustomizer dbSchedulerCustomizer() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(TIMER_DATA);
            }
        };
    }

    /**
     * Lock-and-fetch where the database can do it (PostgreSQL: one statement claims a batch, {@code SKIP LOCKED}
     * keeps instances off each other's rows); fetch-then-claim elsewhere (H2). An explicit
     * {@code db-scheduler.polling-strategy} wins.
     */
    @Bean
    static BeanPostProcessor pollingStrategyForTheDatabase(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DbSchedulerProperties properties
                        && !environment.containsProperty("db-scheduler.polling-strategy")) {
                    properties.setPollingStrategy(onPostgres(environment) ? PollingStrategyConfig.Type.LOCK_AND_FETCH
                            : PollingStrategyConfig.Type.FETCH);
                }
                return bean;
            }
        };
    }

    /**
     * The one word the migrations cannot share: PostgreSQL wants a generated column declared {@code stored} (the
     * timer's dispute, V15), H2 stores every generated column and refuses the word.
     */
    @Bean
    static FlywayConfigurationCustomizer generatedColumnsForTheDatabase(Environment environment) {
        return configuration -> {
            Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
            placeholders.put("stored", onPostgres(environment) ? "stored" : "");
            configuration.placeholders(placeholders);
        };
    }

    static boolean onPostgres(Environment environment) {
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
    }

    /**
     * With {@code arbiter.deadline.executor-enabled=false} this instance schedules due times but runs none (nor does
     * it start {@link DueTimePoller}).
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "arbiter.deadline.executor-enabled", havingValue = false)
    DbSchedulerStarter schedulerNotStarted() {
        return () -> {
        };
    }

    /** Demo mode only: the clock an admin can move forward to watch due times pass. */
    @Bean
    @Primary
    @ConditionalOnBooleanProperty("arbiter.demo.enabled")
    DemoClock demoClock(@RealTime Clock realTime) {
        return new DemoClock(realTime);
    }
}
