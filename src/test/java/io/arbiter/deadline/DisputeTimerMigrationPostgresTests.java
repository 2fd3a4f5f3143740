package io.arbiter.deadline;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL. */
@PostgresTest
class DisputeTimerMigrationPostgresTests extends DisputeTimerMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
