package io.arbiter.deadline;

import java.util.List;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/** The demo walkthrough on PostgreSQL, where the polling instance claims due timers with lock-and-fetch. */
@PostgresTest
class DemoClockPostgresTests extends DemoClockTests {

    @Override
    protected List<String> database() {
        return List.of("--spring.datasource.url=" + PostgresDatabase.create(),
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD);
    }
}
