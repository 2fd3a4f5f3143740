package io.arbiter.settlement;

import io.arbiter.support.PostgresTest;

@PostgresTest
class SettlementApiPostgresTests extends SettlementApiTests {
}
