package io.arbiter.deadline;

import io.arbiter.support.PostgresTest;

/** The evidence due time with the real vault, on PostgreSQL. */
@PostgresTest
class EvidenceDueTimePostgresTests extends EvidenceDueTimeTests {
}
