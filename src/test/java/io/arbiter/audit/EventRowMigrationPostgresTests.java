package io.arbiter.audit;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL, where a refused migration leaves the database as it was. */
@PostgresTest
class EventRowMigrationPostgresTests extends EventRowMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
