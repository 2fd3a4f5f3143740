package io.arbiter.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.arbiter.common.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers kept under Idempotency-Keys (table {@code idempotency_record}): storing one with the change it answers,
 * finding the one stored first, and when a stored record no longer holds its key (expired after 24 hours, or a
 * claim abandoned half-way). {@link IdempotencyFilter} decides when each runs and what goes out.
 */
final class IdempotencyRecords {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRecords.class);
    private static final Duration KEPT_FOR = Duration.ofHours(24);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    /** The headers of an answer that are stored with it and replayed. */
    static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);

    private final JdbcClient jdbc;
    /** For the statements that may wait for another request holding the same key: they give up in time. */
    private final JdbcClient waiting;
    private final PlatformTransactionManager transactions;
    private final Clock clock;
    private final JsonMapper json;

    IdempotencyRecords(JdbcClient jdbc, JdbcClient waiting, PlatformTransactionManager transactions, Clock clock,
                       JsonMapper json) {
        this.jdbc = jdbc;
        this.waiting = waiting;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    /** What is stored under a key: the answer, or only the claim of a first request still running (no status). */
    record Stored(String requestHash, Integer status, String contentType, String headers, String body,
                  Instant createdAt) {
    }

    /** Who sent the key and the key: a key belongs to its caller. */
    record Key(String owner, String value, String requestHash) {
    }

    /**
     * Stores the answer under the key in the current transaction, or returns what is stored under it already (an
     * answer, or a first request's claim still running, which is waited for). A record that expired, or that an
     * earlier version claimed and never answered, is taken over.
     */
    Optional<Stored> remember(Key key, ContentCachingResponseWrapper response) {
        Answer answer = answerOf(response);
        int inserted = waiting.sql("""
                insert into idempotency_record (owner, idempotency_key, request_hash, created_at, status, content_type,
                                                headers, body)
                values (:owner, :key, :hash, :now, :status, :type, :headers, :body)
                on conflict do nothing""")
                .param("owner", key.owner()).param("key", key.value()).param("hash", key.requestHash())
                .param("now", SqlTime.of(clock.instant())).params(answer.columns())
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        Stored stored = find(key).orElseThrow(() -> new CannotAcquireLockException("the key was just removed"));
        if (live(stored)) {
            return Optional.of(stored);
        }
        if (takeOver(key, stored, answer)) {
            return Optional.empty();
        }
        // Another retry renewed the key first: its answer, never the expired one.
        return find(key).filter(record -> !expired(record)).or(() -> Optional.of(inProgress(stored)));
    }

    /** Whether a stored record still holds its key: not expired, and not a claim abandoned half-way. */
    boolean live(Stored stored) {
        return !expired(stored) && !abandoned(stored);
    }

    /** The parts of an answer that are stored for replay. */
    private record Answer(int status, String type, String headers, String body) {

        Map<String, Object> columns() {
            Map<String, Object> columns = new HashMap<>();
            columns.put("status", status);
            columns.put("type", type);
            columns.put("headers", headers);
            columns.put("body", body);
            return columns;
        }
    }

    private Answer answerOf(ContentCachingResponseWrapper response) {
        var headers = json.createObjectNode();
        for (String name : REPLAYED_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new Answer(response.getStatus(), response.getContentType(), headers.toString(),
                new String(response.getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    /**
     * Takes over a key whose record has expired, or whose first request never finished (claimed by a version that
     * committed claims on their own, and died half-way): otherwise that key would answer "in progress" for a day.
     */
    private boolean takeOver(Key key, Stored stored, Answer answer) {
        int replaced = waiting.sql("""
                update idempotency_record set request_hash = :hash, created_at = :now, status = :status,
                       content_type = :type, headers = :headers, body = :body
                where owner = :owner and idempotency_key = :key and created_at = :created""")
                .param("hash", key.requestHash()).param("now", SqlTime.of(clock.instant())).params(answer.columns())
                .param("owner", key.owner()).param("key", key.value())
                .param("created", SqlTime.of(stored.createdAt())).update();
        return replaced == 1;
    }

    private boolean abandoned(Stored stored) {
        return stored.status() == null
                && Duration.between(stored.createdAt(), clock.instant()).compareTo(ABANDONED_AFTER) > 0;
    }

    private static Stored inProgress(Stored stored) {
        return new Stored(stored.requestHash(), null, null, null, null, stored.createdAt());
    }

    private boolean expired(Stored stored) {
        return !stored.createdAt().plus(KEPT_FOR).isAfter(clock.instant());
    }

    Optional<Stored> find(Key key) {
        return jdbc.sql("""
                select request_hash, status, content_type, headers, body, created_at
                from idempotency_record where owner = :owner and idempotency_key = :key""")
                .param("owner", key.owner()).param("key", key.value())
                .query((rs, row) -> new Stored(rs.getString("request_hash"), (Integer) rs.getObject("status"),
                        rs.getString("content_type"), rs.getString("headers"), rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /**
     * Stores a refusal whose request's work was rolled back, in a transaction of its own; or returns the answer
     * stored first under its key, which goes out instead.
     */
    Optional<Stored> rememberApart(Key key, ContentCachingResponseWrapper answer) {
        try {
            return new TransactionTemplate(transactions).execute(transaction -> {
                Optional<Stored> first = remember(key, answer);
                if (first.isPresent()) {
                    transaction.setRollbackOnly();
                }
                return first;
            });
        } catch (RuntimeException e) {
            log.warn("Could not store the answer to Idempotency-Key {}; a retry will run the request again",
                    key.value(), e);
            return Optional.empty();
        }
    }
}
