package io.arbiter.web;

import io.arbiter.common.Sha256;
import io.arbiter.common.SqlTime;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST, with Stripe's semantics: the first response to a key is stored and
 * replayed for every retry with the same body; the same key with another body is refused (422). Keys belong to
 * the caller who sent them and are forgotten after 24 hours. Server failures (5xx) are not stored, so the caller
 * can retry them.
 *
 * <p>A keyed request runs in one transaction that the services' own transactions join: the change is made, and its
 * answer is stored under the key in the same transaction, in one insert just before the commit. So a change is never
 * committed without its answer (a crash in between leaves neither), and after-commit reactions wait for that one
 * commit. The answer goes out only once the commit succeeded. The key's unique index decides which of two requests
 * with the same key counts: one that finds an answer stored (or being stored) under its key rolls its own work back
 * and replays that answer, waiting at most {@code arbiter.api.idempotency-key-wait} for a first request still
 * running (else 409). Such a retry runs the request once more before it knows, to be undone: retries are rare, and
 * storing the key before the work would cost every keyed request one more statement. A refusal (4xx) whose work must
 * be undone is rolled back and stored in a short transaction of its own.
 *
 * <p>Runs after the security filters, so the caller is known.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    /** Upload bytes of the tus protocol, which a client behind a proxy sends as POST with X-HTTP-Method-Override. */
    private static final String UPLOAD_BYTES = "application/offset+octet-stream";
    private static final Duration KEPT_FOR = Duration.ofHours(24);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final String STILL_RUNNING =
            "A request with this Idempotency-Key is still being processed; retry in a moment";

    private final JdbcClient jdbc;
    /** For the statements that may wait for another request holding the same key: they give up in time. */
    private final JdbcClient waiting;
    private final PlatformTransactionManager transactions;
    private final Clock clock;
    private final JsonMapper json;
    private final int maxBody;

    IdempotencyFilter(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, Clock clock, JsonMapper json,
                      @Value("${arbiter.api.idempotency-key-wait:5s}") Duration wait,
                      @Value("${arbiter.api.max-json-size:1MB}") DataSize maxBody) {
        // The one body limit there is: a keyed body is held here whole, whatever its type.
        this.maxBody = (int) Math.min(Integer.MAX_VALUE - 1, maxBody.toBytes());
        this.jdbc = JdbcClient.create(jdbcTemplate);
        JdbcTemplate bounded = new JdbcTemplate(jdbcTemplate.getDataSource());
        bounded.setQueryTimeout((int) Math.max(1, wait.toSeconds()));
        this.waiting = JdbcClient.create(bounded);
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    private record Stored(String requestHash, Integer status, String contentType, String headers, String body,
                          Instant createdAt) {
    }

    /** Who sent the key and the key: a key belongs to its caller. */
    private record Key(String owner, String value, String requestHash) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/") || isFileUpload(request);
    }

    // Uploads are streamed to disk, never held here; resumable (tus) uploads are how a client retries safely.
    private static boolean isFileUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && (type.toLowerCase(Locale.ROOT).startsWith("multipart/")
                || type.toLowerCase(Locale.ROOT).startsWith(UPLOAD_BYTES));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Actor> caller = CurrentActor.get();
        String value = request.getHeader(HEADER).trim();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (value.isEmpty() || value.length() > 255) {
            writeProblem(request, response, HttpStatus.BAD_REQUEST,
                    "Idempotency-Key must have between 1 and 255 characters");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBody + 1);
        if (body.length > maxBody) {
            writeProblem(request, response, HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than "
                    + DataSize.ofBytes(maxBody).toKilobytes() + " KB (arbiter.api.max-json-size)");
            return;
        }
        // Keys belong to the caller: a password login and a token for the same person are the same caller.
        Key key = new Key(caller.get().role() + ":" + caller.get().id(), value, hash(request, body));

        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        Outcome outcome = new Outcome();
        TransactionSynchronizationManager.registerSynchronization(outcome);
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new CachedBodyRequest(request, body), answer);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            transactions.rollback(transaction);
            throw e;
        }
        finish(transaction, outcome, key, request, answer);
    }

    /** Stores the answer with the change and sends it once both are committed, or replays the key's first answer. */
    private void finish(TransactionStatus transaction, Outcome outcome, Key key, HttpServletRequest request,
                        ContentCachingResponseWrapper answer) throws IOException {
        int status = answer.getStatus();
        if (status >= 500) {
            transactions.rollback(transaction);
            answer.copyBodyToResponse();
            return;
        }
        if (status >= 400 && transaction.isRollbackOnly()) {
            transactions.rollback(transaction);
            Optional<Stored> first = rememberApart(key, answer);
            if (first.isPresent()) {
                replay(first.get(), key, request, answer);
            } else {
                answer.copyBodyToResponse();
            }
            return;
        }
        Optional<Stored> first;
        try {
            String cacheControl = answer.getHeader(HttpHeaders.CACHE_CONTROL);
            // A response that carries a secret (a new API key, a webhook secret) is never kept for replay.
            first = cacheControl != null && cacheControl.contains("no-store")
                    ? find(key).filter(this::live) : remember(key, answer);
        } catch (TransientDataAccessException stillHeld) {
            transactions.rollback(transaction);
            writeProblem(request, discard(answer), HttpStatus.CONFLICT, STILL_RUNNING);
            return;
        } catch (RuntimeException failed) {
            transactions.rollback(transaction);
            answerFailedCommit(failed, outcome, request, answer);
            return;
        }
        if (first.isPresent()) {
            transactions.rollback(transaction);
            replay(first.get(), key, request, answer);
            return;
        }
        try {
            transactions.commit(transaction);
        } catch (RuntimeException failed) {
            if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
            if (!outcome.committed()) {
                answerFailedCommit(failed, outcome, request, answer);
                return;
            }
            // Only a reaction after the commit failed: the change and its answer are stored, so the answer stands.
            log.warn("After the commit of {} {}", request.getMethod(), request.getRequestURI(), failed);
        }
        answer.copyBodyToResponse();
    }

    /** This request's work was undone: the answer stored first under its key goes out instead of this one. */
    private void replay(Stored first, Key key, HttpServletRequest request, ContentCachingResponseWrapper answer)
            throws IOException {
        answerFrom(first, key.requestHash(), request, discard(answer));
    }

    /** Drops what this request answered so far; what goes out instead is written to the response returned. */
    private static HttpServletResponse discard(ContentCachingResponseWrapper answer) {
        answer.resetBuffer();
        REPLAYED_HEADERS.forEach(name -> answer.setHeader(name, null));
        return (HttpServletResponse) answer.getResponse();
    }

    /** Nothing was kept (or, if the database did not say, perhaps it was): the buffered answer would not be true. */
    private void answerFailedCommit(RuntimeException failed, Outcome outcome, HttpServletRequest request,
                                    ContentCachingResponseWrapper answer) throws IOException {
        HttpServletResponse response = discard(answer);
        if (failed instanceof ConcurrencyFailureException || failed.getCause() instanceof ConcurrencyFailureException) {
            writeProblem(request, response, ProblemHandling.changedMeanwhile());
            return;
        }
        log.error("Could not commit {} {}", request.getMethod(), request.getRequestURI(), failed);
        writeProblem(request, response, HttpStatus.INTERNAL_SERVER_ERROR, outcome.unknown()
                ? "Whether this request took effect is not known; retry it with the same Idempotency-Key"
                : "Something went wrong on our side; nothing was changed by this request");
    }

    /**
     * Stores the answer under the key in the current transaction, or returns what is stored under it already (an
     * answer, or a first request's claim still running, which is waited for). A record that expired, or that an
     * earlier version claimed and never answered, is taken over.
     */
    private Optional<Stored> remember(Key key, ContentCachingResponseWrapper response) {
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
    private boolean live(Stored stored) {
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

    private Optional<Stored> find(Key key) {
        return jdbc.sql("""
                select request_hash, status, content_type, headers, body, created_at
                from idempotency_record where owner = :owner and idempotency_key = :key""")
                .param("owner", key.owner()).param("key", key.value())
                .query((rs, row) -> new Stored(rs.getString("request_hash"), (Integer) rs.getObject("status"),
                        rs.getString("content_type"), rs.getString("headers"), rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private void answerFrom(Stored stored, String requestHash, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (stored.status() == null) {
            writeProblem(request, response, HttpStatus.CONFLICT, STILL_RUNNING);
            return;
        }
        if (!stored.requestHash().equals(requestHash)) {
            writeProblem(request, response, HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was already used for a different request; use a new key");
            return;
        }
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.headers() != null) {
            json.readTree(stored.headers()).properties().forEach(
                    header -> response.setHeader(header.getKey(), header.getValue().asString()));
        }
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.body() != null) {
            byte[] bytes = stored.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /**
     * Stores a refusal whose request's work was rolled back, in a transaction of its own; or returns the answer
     * stored first under its key, which goes out instead.
     */
    private Optional<Stored> rememberApart(Key key, ContentCachingResponseWrapper answer) {
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

    /** How the request's transaction ended, as the transaction manager reports it even when the commit failed. */
    private static final class Outcome implements TransactionSynchronization {

        private volatile int status = -1;

        @Override
        public void afterCompletion(int status) {
            this.status = status;
        }

        boolean committed() {
            return status == STATUS_COMMITTED;
        }

        boolean unknown() {
            return status == STATUS_UNKNOWN;
        }
    }

    private void writeProblem(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                              String detail) throws IOException {
        writeProblem(request, response, ProblemHandling.problem(status, status.getReasonPhrase(), detail));
    }

    private void writeProblem(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        ProblemHandling.write(json, request, response, problem);
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) ' ');
        digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
        if (request.getQueryString() != null) {
            digest.update(("?" + request.getQueryString()).getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) '\n');
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The request with its body already read, so that the controller can read it once more. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("asynchronous reads are not used here");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
