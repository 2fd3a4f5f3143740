package io.arbiter.insight;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The metrics against the raw rows, on PostgreSQL. */
@PostgresTest
class InsightApiPostgresTests extends InsightApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
