package io.arbiter.dispute.policy;

import io.arbiter.support.PostgresTest;

@PostgresTest
class PolicyAdminApiPostgresTests extends PolicyAdminApiTests {
}
