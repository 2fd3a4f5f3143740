package io.arbiter.identity;

import io.arbiter.support.PostgresTest;

/** Remembered passwords and revoked API keys, on PostgreSQL. */
@PostgresTest
class PasswordAuthenticationPostgresTests extends PasswordAuthenticationTests {
}
