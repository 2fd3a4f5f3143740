package io.arbiter.web;

import java.io.IOException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps request bodies at {@code arbiter.api.max-json-size} before anything parses them: a parsed JSON document
 * takes some thirty times its size in memory, so one large request could exhaust the heap. A declared length over
 * the cap is refused before a byte is read; a body without one (chunked) is refused when the cap is crossed. Files
 * are not concerned: multipart uploads and tus upload bytes stream to storage under the evidence limits, and page
 * forms are capped by the servlet container.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final JsonMapper json;

    RequestBodyLimit(@Value("${arbiter.api.max-json-size:1MB}") DataSize limit, JsonMapper json) {
        this.limit = limit.toBytes();
        this.json = json;
    }

    /** Thrown by the capped body when the cap is crossed; answered 413 wherever it surfaces. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            refuse(request, response);
            return;
        }
        try {
            chain.doFilter(new CappedRequest(request, limit, reason()), response);
        } catch (BodyTooLargeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            refuse(request, response);
        }
    }

    private String reason() {
        return "the request body is larger than " + DataSize.ofBytes(limit).toKilobytes()
                + " KB (arbiter.api.max-json-size)";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemHandling.write(json, request, response, ProblemHandling.tooLarge("body", reason()));
        // The rest of the body is not read: the connection must not carry it over to a next request.
        response.setHeader("Connection", "close");
    }

    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final String reason;
        private ServletInputStream capped;

        CappedRequest(HttpServletRequest request, long limit, String reason) {
            super(request);
            this.limit = limit;
            this.reason = reason;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (capped == null) {
                capped = new CappedStream(super.getInputStream(), limit, reason);
            }
            return capped;
        }
    }

    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private final String reason;
        private long read;

        CappedStream(ServletInputStream body, long limit, String reason) {
            this.body = body;
            this.limit = limit;
            this.reason = reason;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(reason);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
