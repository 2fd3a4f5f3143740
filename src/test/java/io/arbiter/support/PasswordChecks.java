package io.arbiter.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How many times the application's password encoder (bcrypt) has checked a password since a test last reset the
 * count. Every {@link ApiTest} context counts, so a class that asks shares the common context, where a Mockito spy
 * on the encoder cost it one of its own.
 */
public final class PasswordChecks {

    private final AtomicInteger checks = new AtomicInteger();

    public void reset() {
        checks.set(0);
    }

    public int count() {
        return checks.get();
    }

    private PasswordEncoder counting(PasswordEncoder encoder) {
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                return encoder.encode(rawPassword);
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                checks.incrementAndGet();
                return encoder.matches(rawPassword, encodedPassword);
            }

            @Override
            public boolean upgradeEncoding(String encodedPassword) {
                return encoder.upgradeEncoding(encodedPassword);
            }
        };
    }

    /** Wraps the application's {@code passwordEncoder} bean, before anything that uses it is made. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        static PasswordChecks passwordChecks() {
            return new PasswordChecks();
        }

        @Bean
        static BeanPostProcessor countingPasswordEncoder(PasswordChecks checks) {
            return BeanWrapping.wrap("passwordEncoder", PasswordEncoder.class, checks::counting);
        }
    }
}
