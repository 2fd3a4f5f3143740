package io.arbiter.webhook;

import io.arbiter.support.PostgresTest;

@PostgresTest
class WebhookApiPostgresTests extends WebhookApiTests {
}
