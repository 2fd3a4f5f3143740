package io.arbiter.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every redirect back into Arbiter is sent as a path, never as an absolute URL: Spring Security builds absolute
 * ones from the request's {@code Host} header (the login page, the page asked for before logging in), which a
 * client chooses, so a hostile {@code Host} would send people elsewhere. Redirects to other hosts (an OIDC
 * provider) are left as they are; Tomcat is told to keep relative ones relative
 * ({@code server.tomcat.use-relative-redirects}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RelativeRedirects extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(relative(request, location));
            }

            @Override
            public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
                super.sendRedirect(relative(request, location), sc, clearBuffer);
            }
        });
    }

    static String relative(HttpServletRequest request, String location) {
        try {
            URI uri = new URI(location);
            if (!uri.isAbsolute() || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())) {
                return location;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        } catch (URISyntaxException notAUri) {
            return location;
        }
    }
}
