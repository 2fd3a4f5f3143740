package io.arbiter.pages;

import io.arbiter.support.PostgresTest;

@PostgresTest
class PageSessionPostgresTests extends PageSessionTests {
}
