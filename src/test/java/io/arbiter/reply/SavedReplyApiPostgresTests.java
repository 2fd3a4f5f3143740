package io.arbiter.reply;

import io.arbiter.support.PostgresTest;

/** Agents' saved replies on PostgreSQL. */
@PostgresTest
class SavedReplyApiPostgresTests extends SavedReplyApiTests {
}
