package io.arbiter.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.arbiter.common.Sha256;
import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;
import io.arbiter.web.IdempotencyRecords.Key;
import io.arbiter.web.IdempotencyRecords.Stored;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
 * <p>Runs after the security filters, so the caller is known. The records kept under keys are
 * {@link IdempotencyRecords}.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    /** Upload bytes of the tus protocol, which a client behind a proxy sends as POST with X-HTTP-Method-Override. */
    private static final String UPLOAD_BYTES = "application/offset+octet-stream";
    private static final String STILL_RUNNING =
            "A request with this Idempotency-Key is still being processed; retry in a moment";

    private final IdempotencyRecords records;
    private final PlatformTransactionManager transactions;
    private final JsonMapper json;
    private final int maxBody;

    IdempotencyFilter(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, Clock clock, JsonMapper json,
                      @Value("${arbiter.api.idempotency-key-wait:5s}") Duration wait,
                      @Value("${arbiter.api.max-json-size:1MB}") DataSize maxBody) {
        // The one body limit there is: a keyed body is held here whole, whatever its type.
        this.maxBody = (int) Math.min(Integer.MAX_VALUE - 1, maxBody.toBytes());
        // For the statements that may wait for another request holding the same key: they give up in time.
        JdbcTemplate bounded = new JdbcTemplate(jdbcTemplate.getDataSource());
        bounded.setQueryTimeout((int) Math.max(1, wait.toSeconds()));
        this.records = new IdempotencyRecords(JdbcClient.create(jdbcTemplate), JdbcClient.create(bounded),
                transactions, clock, json);
        this.transactions = transactions;
        this.json = json;
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
            Optional<Stored> first = records.rememberApart(key, answer);
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
                    ? records.find(key).filter(records::live) : records.remember(key, answer);
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
        IdempotencyRecords.REPLAYED_HEADERS.forEach(name -> answer.setHeader(name, null));
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
}
