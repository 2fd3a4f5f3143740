package io.arbiter.insight;

import io.arbiter.support.PostgresTest;

/** The metrics against the raw rows, on PostgreSQL. */
@PostgresTest
class InsightApiPostgresTests extends InsightApiTests {
}
