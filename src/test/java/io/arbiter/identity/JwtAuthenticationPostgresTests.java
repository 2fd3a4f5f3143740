package io.arbiter.identity;

import io.arbiter.support.PostgresTest;

/** Bearer-token authentication, on PostgreSQL. */
@PostgresTest
class JwtAuthenticationPostgresTests extends JwtAuthenticationTests {
}
