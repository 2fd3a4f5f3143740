package io.arbiter.order;

import io.arbiter.support.PostgresTest;

@PostgresTest
class OrderStorePostgresTests extends OrderStoreTests {
}
