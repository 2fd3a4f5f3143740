package io.arbiter.audit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The chain tests on PostgreSQL, where concurrent messages really run side by side under read committed. */
@PostgresTest
class AuditChainPostgresTests extends AuditChainApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
