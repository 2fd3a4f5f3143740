package io.arbiter.deadline;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The same due times on PostgreSQL, where timers are claimed with lock-and-fetch. */
@PostgresTest
class DeadlineApiPostgresTests extends DeadlineApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
