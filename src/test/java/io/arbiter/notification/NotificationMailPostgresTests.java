package io.arbiter.notification;

import io.arbiter.support.PostgresTest;

@PostgresTest
class NotificationMailPostgresTests extends NotificationMailTests {
}
