package io.arbiter.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The same hostile bodies on PostgreSQL, which refuses a NUL in text that H2 would store. */
@PostgresTest
class BadInputSweepPostgresTests extends BadInputSweepTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
