package io.arbiter.web;

import io.arbiter.support.PostgresTest;

/** The same hostile bodies on PostgreSQL, which refuses a NUL in text that H2 would store. */
@PostgresTest
class BadInputSweepPostgresTests extends BadInputSweepTests {
}
