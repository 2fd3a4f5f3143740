package io.arbiter.audit;

import io.arbiter.support.PostgresTest;

/** The chain tests on PostgreSQL, where concurrent messages really run side by side under read committed. */
@PostgresTest
class AuditChainPostgresTests extends AuditChainApiTests {
}
