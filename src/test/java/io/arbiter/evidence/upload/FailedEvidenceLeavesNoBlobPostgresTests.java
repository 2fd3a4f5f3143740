package io.arbiter.evidence.upload;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The same failed inserts on PostgreSQL, where a failed statement aborts the transaction it ran in. */
@PostgresTest
class FailedEvidenceLeavesNoBlobPostgresTests extends FailedEvidenceLeavesNoBlobTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
