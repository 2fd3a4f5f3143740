package io.arbiter.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The same Idempotency-Key and If-Match semantics on PostgreSQL. */
@PostgresTest
class IdempotencyApiPostgresTests extends IdempotencyApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
