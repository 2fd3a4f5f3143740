package io.arbiter.evidence.upload;

import io.arbiter.support.PostgresTest;

/** The same failed inserts on PostgreSQL, where a failed statement aborts the transaction it ran in. */
@PostgresTest
class FailedEvidenceLeavesNoBlobPostgresTests extends FailedEvidenceLeavesNoBlobTests {
}
