package io.arbiter.settlement;

import io.arbiter.support.PostgresTest;

@PostgresTest
class MarketplacePayoutPostgresTests extends MarketplacePayoutTests {
}
