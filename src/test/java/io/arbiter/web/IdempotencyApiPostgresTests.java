package io.arbiter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api.Response;
import io.arbiter.support.PostgresTest;

/** The same Idempotency-Key and If-Match semantics on PostgreSQL, and a commit that fails. */
@PostgresTest
class IdempotencyApiPostgresTests extends IdempotencyApiTests {

    /**
     * The answer is buffered until the commit: when the commit itself fails on a conflict (injected here as a
     * deferred check that fails with PostgreSQL's serialization failure), the caller gets the 409, not the 200
     * that was ready, and nothing is kept, so that the retry with the same key runs.
     */
    @Test
    void aCommitFailingOnAConflictAnswers409AndKeepsNeitherTheChangeNorTheAnswer() {
        KeyedOffer offer = keyedCounterOffer("commit-fails-");
        String check = "commit_fails_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.execute("create function " + check + "() returns trigger language plpgsql as $$ begin"
                + " raise exception using errcode = 'serialization_failure', message = 'injected at commit';"
                + " end $$");
        jdbc.execute("create constraint trigger " + check + " after insert or update on idempotency_record"
                + " deferrable initially deferred for each row when (new.idempotency_key = '" + offer.key() + "')"
                + " execute function " + check + "()");
        Response refused;
        try {
            refused = offer.send();
        } finally {
            jdbc.execute("drop trigger " + check + " on idempotency_record");
            jdbc.execute("drop function " + check + "()");
        }

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
        assertThat(refused.json().get("title").asString()).isEqualTo("Changed meanwhile");
        assertThat(refused.header("ETag")).isNull();
        assertThat(refused.header(REPLAYED)).isNull();
        assertNothingKept(offer);

        Response retried = offer.send().expect(200);
        assertThat(retried.header(REPLAYED)).isNull();
        assertThat(count(timeline(offer.dispute()), "OFFER_MADE")).isEqualTo(1);
    }
}
