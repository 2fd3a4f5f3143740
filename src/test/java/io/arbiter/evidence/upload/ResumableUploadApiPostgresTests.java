package io.arbiter.evidence.upload;

import io.arbiter.support.PostgresTest;

@PostgresTest
class ResumableUploadApiPostgresTests extends ResumableUploadApiTests {
}
