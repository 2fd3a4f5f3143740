package io.arbiter.evidence;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL. */
@PostgresTest
class FingerprintChunkMigrationPostgresTests extends FingerprintChunkMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
