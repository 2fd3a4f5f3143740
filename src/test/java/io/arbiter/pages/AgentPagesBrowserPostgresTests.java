package io.arbiter.pages;

import io.arbiter.support.PostgresTest;

@PostgresTest
class AgentPagesBrowserPostgresTests extends AgentPagesBrowserTests {
}
