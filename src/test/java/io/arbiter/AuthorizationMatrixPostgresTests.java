package io.arbiter;

import io.arbiter.support.PostgresTest;

/** The authorization matrix, on PostgreSQL. */
@PostgresTest
class AuthorizationMatrixPostgresTests extends AuthorizationMatrixTests {
}
