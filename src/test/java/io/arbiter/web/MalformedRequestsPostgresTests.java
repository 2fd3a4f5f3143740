package io.arbiter.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

@PostgresTest
class MalformedRequestsPostgresTests extends MalformedRequestsTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
