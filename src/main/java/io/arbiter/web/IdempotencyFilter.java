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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
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
 * replayed for every retry with the same body; the same key with another body is refused (422); a retry
 * while the first request still runs is refused (409). Keys belong to the caller who sent them and are
 * forgotten after 24 hours. Server failures (5xx) are not stored, so the caller can retry them.
 *
 * <p>Runs after the security filters, so the caller is known.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    /** Upload bytes of the tus protocol, which a client behind a proxy sends as POST with X-HTTP-Method-Override. */
    private static final String UPLOAD_BYTES = "application/offset+octet-stream";
    private static final Duration KEPT_FOR = Duration.ofHours(24);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final int MAX_BODY = 1024 * 1024;
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;

    IdempotencyFilter(JdbcClient jdbc, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    private record Stored(String requestHash, Integer status, String contentType, String headers, String body,
                          Instant createdAt) {
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
        String key = request.getHeader(HEADER).trim();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty() || key.length() > 255) {
            writeProblem(request, response, HttpStatus.BAD_REQUEST,
                    "Idempotency-Key must have between 1 and 255 characters");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            writeProblem(request, response, HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than 1 MiB");
            return;
        }
        // Keys belong to the caller: a password login and a token for the same person are the same caller.
        String owner = caller.get().role() + ":" + caller.get().id();
        String requestHash = hash(request, body);

        if (!claim(owner, key, requestHash)) {
            Optional<Stored> stored = find(owner, key);
            if (stored.isEmpty() || !claimAfterExpiry(owner, key, requestHash, stored.get())) {
                // A retry that lost the race to renew an expired key must not be answered with the expired response.
                answerFrom(stored.filter(record -> !expired(record)).orElse(null), requestHash, request, response);
                return;
            }
        }

        ContentCachingResponseWrapper cachingResponse = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), cachingResponse);
            completed = true;
        } finally {
            int status = cachingResponse.getStatus();
            String cacheControl = cachingResponse.getHeader(HttpHeaders.CACHE_CONTROL);
            boolean secret = cacheControl != null && cacheControl.contains("no-store");
            // A response that carries a secret (a new API key, a webhook secret) is never kept for replay.
            if (!completed || status >= 500 || secret) {
                forget(owner, key);
            } else {
                remember(owner, key, cachingResponse);
            }
            cachingResponse.copyBodyToResponse();
        }
    }

    private boolean claim(String owner, String key, String requestHash) {
        try {
            jdbc.sql("""
                    insert into idempotency_record (owner, idempotency_key, request_hash, created_at)
                    values (:owner, :key, :hash, :now)""")
                    .param("owner", owner).param("key", key).param("hash", requestHash).param("now", SqlTime.of(clock.instant()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Takes over a key whose record has expired, or whose first request never finished (the process died
     * half-way): otherwise that key would answer "in progress" for a whole day.
     */
    private boolean claimAfterExpiry(String owner, String key, String requestHash, Stored stored) {
        Duration age = Duration.between(stored.createdAt(), clock.instant());
        boolean abandoned = stored.status() == null && age.compareTo(ABANDONED_AFTER) > 0;
        if (!expired(stored) && !abandoned) {
            return false;
        }
        int replaced = jdbc.sql("""
                update idempotency_record set request_hash = :hash, created_at = :now, status = null,
                       content_type = null, headers = null, body = null
                where owner = :owner and idempotency_key = :key and created_at = :created""")
                .param("hash", requestHash).param("now", SqlTime.of(clock.instant())).param("owner", owner).param("key", key)
                .param("created", SqlTime.of(stored.createdAt())).update();
        return replaced == 1;
    }

    private boolean expired(Stored stored) {
        return !stored.createdAt().plus(KEPT_FOR).isAfter(clock.instant());
    }

    private Optional<Stored> find(String owner, String key) {
        return jdbc.sql("""
                select request_hash, status, content_type, headers, body, created_at
                from idempotency_record where owner = :owner and idempotency_key = :key""")
                .param("owner", owner).param("key", key)
                .query((rs, row) -> new Stored(rs.getString("request_hash"), (Integer) rs.getObject("status"),
                        rs.getString("content_type"), rs.getString("headers"), rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private void answerFrom(Stored stored, String requestHash, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (stored == null || stored.status() == null) {
            writeProblem(request, response, HttpStatus.CONFLICT,
                    "A request with this Idempotency-Key is still being processed; retry in a moment");
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

    private void remember(String owner, String key, ContentCachingResponseWrapper response) {
        var headers = json.createObjectNode();
        for (String name : REPLAYED_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        jdbc.sql("""
                update idempotency_record set status = :status, content_type = :type, headers = :headers, body = :body
                where owner = :owner and idempotency_key = :key""")
                .param("status", response.getStatus()).param("type", response.getContentType())
                .param("headers", headers.toString())
                .param("body", new String(response.getContentAsByteArray(), StandardCharsets.UTF_8))
                .param("owner", owner).param("key", key)
                .update();
    }

    private void forget(String owner, String key) {
        jdbc.sql("delete from idempotency_record where owner = :owner and idempotency_key = :key")
                .param("owner", owner).param("key", key).update();
    }

    private void writeProblem(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                              String detail) throws IOException {
        ProblemDetail problem = ProblemHandling.problem(status, status.getReasonPhrase(), detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemHandling.asMap(problem));
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
