package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** Rings of copies uploaded at the same moment, on PostgreSQL. */
@PostgresTest
class EvidenceRingPostgresTests extends EvidenceRingTests {
}
