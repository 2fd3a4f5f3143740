package io.arbiter.insight;

import io.arbiter.support.PostgresTest;

/** The record's links and lists on PostgreSQL. */
@PostgresTest
class PartyRecordLinksBrowserPostgresTests extends PartyRecordLinksBrowserTests {
}
