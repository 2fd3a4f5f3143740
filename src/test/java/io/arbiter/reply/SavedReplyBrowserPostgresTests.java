package io.arbiter.reply;

import io.arbiter.support.PostgresTest;

/** Picking a saved reply on a case page, on PostgreSQL. */
@PostgresTest
class SavedReplyBrowserPostgresTests extends SavedReplyBrowserTests {
}
