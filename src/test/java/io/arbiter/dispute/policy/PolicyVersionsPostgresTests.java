package io.arbiter.dispute.policy;

import java.util.List;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

@PostgresTest
class PolicyVersionsPostgresTests extends PolicyVersionsTests {

    @Override
    protected List<String> database() {
        return List.of("spring.datasource.url=" + PostgresDatabase.create(),
                "spring.datasource.username=" + PostgresDatabase.USER,
                "spring.datasource.password=" + PostgresDatabase.PASSWORD);
    }
}
