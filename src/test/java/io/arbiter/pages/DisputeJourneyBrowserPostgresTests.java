package io.arbiter.pages;

import io.arbiter.support.PostgresTest;

@PostgresTest
class DisputeJourneyBrowserPostgresTests extends DisputeJourneyBrowserTests {
}
