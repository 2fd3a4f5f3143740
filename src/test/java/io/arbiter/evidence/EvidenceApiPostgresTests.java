package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** The same evidence paths on PostgreSQL. */
@PostgresTest
class EvidenceApiPostgresTests extends EvidenceApiTests {
}
