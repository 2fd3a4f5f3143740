package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** Videos compared by their keyframes, on PostgreSQL. */
@PostgresTest
class EvidenceVideoApiPostgresTests extends EvidenceVideoApiTests {
}
