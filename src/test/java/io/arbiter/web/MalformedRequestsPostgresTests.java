package io.arbiter.web;

import io.arbiter.support.PostgresTest;

@PostgresTest
class MalformedRequestsPostgresTests extends MalformedRequestsTests {
}
