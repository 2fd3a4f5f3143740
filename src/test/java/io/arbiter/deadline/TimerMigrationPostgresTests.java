package io.arbiter.deadline;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL, where the timer's dispute is a stored generated column. */
@PostgresTest
class TimerMigrationPostgresTests extends TimerMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
