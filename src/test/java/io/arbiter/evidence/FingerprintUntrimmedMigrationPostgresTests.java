package io.arbiter.evidence;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL. */
@PostgresTest
class FingerprintUntrimmedMigrationPostgresTests extends FingerprintUntrimmedMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
