package io.arbiter.deadline;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL, where the timer's dispute is a stored generated column. */
@PostgresTest
class TimerMigrationPostgresTests extends TimerMigrationTests {

    @Override
    String newDatabase() {
        return PostgresDatabase.create();
    }

    @Override
    String user() {
        return PostgresDatabase.USER;
    }

    @Override
    String password() {
        return PostgresDatabase.PASSWORD;
    }
}
