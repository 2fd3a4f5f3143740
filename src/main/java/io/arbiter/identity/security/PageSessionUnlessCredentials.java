package io.arbiter.identity.security;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The API's view of a page session: the person logged in on the page, unless the request carries credentials of its
 * own, which then alone decide who calls. Never starts a session.
 */
final class PageSessionUnlessCredentials implements SecurityContextRepository {

    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final Predicate<HttpServletRequest> carriesCredentials;

    PageSessionUnlessCredentials(Predicate<HttpServletRequest> carriesCredentials) {
        this.carriesCredentials = carriesCredentials;
        sessions.setAllowSessionCreation(false);
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return carriesCredentials.test(holder.getRequest()) ? SecurityContextHolder.createEmptyContext()
                : sessions.loadContext(holder);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        if (!carriesCredentials.test(request)) {
            return sessions.loadDeferredContext(request);
        }
        SecurityContext empty = SecurityContextHolder.createEmptyContext();
        return new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return empty;
            }

            @Override
            public boolean isGenerated() {
                return true;
            }
        };
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        sessions.saveContext(context, request, response);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return !carriesCredentials.test(request) && sessions.containsContext(request);
    }
}
