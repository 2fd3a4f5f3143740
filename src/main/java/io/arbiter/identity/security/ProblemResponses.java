package io.arbiter.identity.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401, 403 and 429 (too many failed sign-ins) from the security filters, written as RFC 9457 problem documents like
 * every other error.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** The login page says the same (the API's words are English). */
    static final String FIRST_START = "signIn.firstStart";

    private final JsonMapper json;
    private final MessageSource messages;

    ProblemResponses(JsonMapper json, MessageSource messages) {
        this.json = json;
        this.messages = messages;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof SignInThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins for this account or "
                    + "from this address: " + e.getMessage());
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Arbiter\", Bearer");
        String detail = "Authentication required: use HTTP Basic, the API key header, or a bearer token ("
                + e.getMessage() + ")";
        if (e instanceof InsufficientAuthenticationException) {
            detail += ". " + messages.getMessage(FIRST_START, null, Locale.ENGLISH);
        }
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, e instanceof CsrfException
                ? "A request made with a page's session needs the page's CSRF token (header X-CSRF-TOKEN)"
                : "Your role may not do this");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
