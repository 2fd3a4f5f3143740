package io.arbiter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import java.time.Clock;
import org.springframework.modulith.Modulithic;

import io.arbiter.common.RealTime;

@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "common")
public class ArbiterApplication {

    public static void main(String[] args) {
        if (Commands.requested(args).isPresent()) {
            System.exit(Commands.run(ArbiterApplication.class, args));
        }
        SpringApplication.run(ArbiterApplication.class, args);
    }

    /** All business time comes from here, so that tests (and the demo) can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Only where asked for by name: a Clock without qualifier is business time. */
    @Bean(defaultCandidate = false)
    @RealTime
    Clock realTimeClock() {
        return Clock.systemUTC();
    }
}
