package io.arbiter.evidence;

import io.arbiter.support.PostgresTest;

/** The candidate lookup's cost on PostgreSQL. */
@PostgresTest
class CandidateLookupPostgresBench extends CandidateLookupBench {
}
