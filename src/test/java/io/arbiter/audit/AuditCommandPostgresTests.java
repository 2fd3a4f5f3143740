package io.arbiter.audit;

import io.arbiter.support.PostgresTest;

@PostgresTest
class AuditCommandPostgresTests extends AuditCommandTests {
}
