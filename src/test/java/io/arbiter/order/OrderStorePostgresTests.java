package io.arbiter.order;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

@PostgresTest
class OrderStorePostgresTests extends OrderStoreTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
