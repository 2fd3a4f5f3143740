package io.arbiter.identity.security;

import java.io.IOException;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import io.arbiter.identity.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates the marketplace's back end by the API key header. A wrong key is a 401, never a fallback, and counts
 * against the client address in the sign-in throttle (a key names no account); a throttled address is a 429.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys apiKeys;
    private final String header;
    private final AuthenticationEntryPoint entryPoint;
    private final SignInThrottle throttle;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, String header, AuthenticationEntryPoint entryPoint,
                               SignInThrottle throttle) {
        this.apiKeys = apiKeys;
        this.header = header;
        this.entryPoint = entryPoint;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(header);
        if (key == null || key.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        var wait = throttle.retryAfter(null, request.getRemoteAddr());
        if (wait.isPresent()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new SignInThrottledException(wait.get()));
            return;
        }
        var actor = apiKeys.authenticate(key.trim());
        if (actor.isEmpty()) {
            throttle.failed(SignInThrottle.Method.API_KEY, null, request.getRemoteAddr());
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("the API key is not valid"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ActorAuthentication(actor.get(), null));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
