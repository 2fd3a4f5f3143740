package io.arbiter.pages;

import io.arbiter.support.PostgresTest;

@PostgresTest
class AdminAndInboxPagesBrowserPostgresTests extends AdminAndInboxPagesBrowserTests {
}
