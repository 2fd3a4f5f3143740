package io.arbiter;

import io.arbiter.support.PostgresTest;

/** The operations endpoints, on PostgreSQL. */
@PostgresTest
class OperationsApiPostgresTests extends OperationsApiTests {
}
