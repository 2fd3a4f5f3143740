package io.arbiter.deadline;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The evidence due time with the real vault, on PostgreSQL. */
@PostgresTest
class EvidenceDueTimePostgresTests extends EvidenceDueTimeTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
