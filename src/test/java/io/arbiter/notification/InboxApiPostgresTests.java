package io.arbiter.notification;

import io.arbiter.support.PostgresTest;

@PostgresTest
class InboxApiPostgresTests extends InboxApiTests {
}
