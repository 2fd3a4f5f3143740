package io.arbiter.dispute;

import io.arbiter.support.PostgresTest;

@PostgresTest
class DisputeRulesApiPostgresTests extends DisputeRulesApiTests {
}
