package io.arbiter.audit;

import io.arbiter.support.PostgresTest;

@PostgresTest
class CaseFilePostgresTests extends CaseFileApiTests {
}
