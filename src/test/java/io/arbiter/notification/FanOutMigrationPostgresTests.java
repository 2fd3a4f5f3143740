package io.arbiter.notification;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/** The same migration on PostgreSQL. */
@PostgresTest
class FanOutMigrationPostgresTests extends FanOutMigrationTests {

    @Override
    EarlierDatabase newDatabase() {
        return EarlierDatabase.postgres();
    }
}
