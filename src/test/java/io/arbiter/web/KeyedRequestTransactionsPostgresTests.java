package io.arbiter.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** One transaction per keyed change, counted on PostgreSQL. */
@PostgresTest
class KeyedRequestTransactionsPostgresTests extends KeyedRequestTransactionsTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
