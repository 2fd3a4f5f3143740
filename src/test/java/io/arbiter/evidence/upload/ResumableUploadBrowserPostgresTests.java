package io.arbiter.evidence.upload;

import io.arbiter.support.PostgresTest;

@PostgresTest
class ResumableUploadBrowserPostgresTests extends ResumableUploadBrowserTests {
}
