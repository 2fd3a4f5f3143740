package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** Crops found and outlined, on PostgreSQL. */
@PostgresTest
class EvidenceCropApiPostgresTests extends EvidenceCropApiTests {
}
