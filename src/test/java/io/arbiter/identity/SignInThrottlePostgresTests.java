package io.arbiter.identity;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The sign-in throttle and its record of failures, on PostgreSQL. */
@PostgresTest
class SignInThrottlePostgresTests extends SignInThrottleTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
