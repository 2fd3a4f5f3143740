package io.arbiter.dispute;

import io.arbiter.support.PostgresTest;

/** The same dispute paths on PostgreSQL. */
@PostgresTest
class DisputeApiPostgresTests extends DisputeApiTests {
}
