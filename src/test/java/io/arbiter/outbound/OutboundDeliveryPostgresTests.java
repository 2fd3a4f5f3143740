package io.arbiter.outbound;

import io.arbiter.support.PostgresTest;

@PostgresTest
class OutboundDeliveryPostgresTests extends OutboundDeliveryTests {
}
