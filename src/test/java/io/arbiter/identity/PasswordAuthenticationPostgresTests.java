package io.arbiter.identity;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** Remembered passwords and revoked API keys, on PostgreSQL. */
@PostgresTest
class PasswordAuthenticationPostgresTests extends PasswordAuthenticationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
