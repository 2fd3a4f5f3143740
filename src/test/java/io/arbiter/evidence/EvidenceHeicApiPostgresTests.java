package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** HEIC photos decoded by heif-convert and compared as JPEGs are, on PostgreSQL. */
@PostgresTest
class EvidenceHeicApiPostgresTests extends EvidenceHeicApiTests {
}
