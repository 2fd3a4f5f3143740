package io.arbiter.evidence;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** Rings of copies uploaded at the same moment, on PostgreSQL. */
@PostgresTest
class EvidenceRingPostgresTests extends EvidenceRingTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
