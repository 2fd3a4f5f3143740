package io.arbiter.deadline;

import io.arbiter.support.PostgresTest;

/** The same due times on PostgreSQL, where timers are claimed with lock-and-fetch. */
@PostgresTest
class DeadlineApiPostgresTests extends DeadlineApiTests {
}
