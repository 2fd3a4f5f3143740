package io.arbiter.identity;

import io.arbiter.support.PostgresTest;

/** The sign-in throttle and its record of failures, on PostgreSQL. */
@PostgresTest
class SignInThrottlePostgresTests extends SignInThrottleTests {
}
