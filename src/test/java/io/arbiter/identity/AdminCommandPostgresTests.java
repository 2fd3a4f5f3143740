package io.arbiter.identity;

import io.arbiter.support.PostgresTest;

@PostgresTest
class AdminCommandPostgresTests extends AdminCommandTests {
}
