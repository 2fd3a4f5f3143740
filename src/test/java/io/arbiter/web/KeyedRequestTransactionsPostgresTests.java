package io.arbiter.web;

import io.arbiter.support.PostgresTest;

/** One transaction per keyed change, counted on PostgreSQL. */
@PostgresTest
class KeyedRequestTransactionsPostgresTests extends KeyedRequestTransactionsTests {
}
