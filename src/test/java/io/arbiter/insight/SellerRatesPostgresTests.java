package io.arbiter.insight;

import io.arbiter.support.PostgresTest;

/** The top sellers against the raw rows, on PostgreSQL. */
@PostgresTest
class SellerRatesPostgresTests extends SellerRatesTests {
}
