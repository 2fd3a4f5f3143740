package io.arbiter.pages;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.arbiter.identity.CurrentActor;

/**
 * What the layout of every page needs: who is looking, the languages on offer, where the page is, and Arbiter's
 * time (the countdowns count from it, and the demo clock may be ahead of the browser's). An interceptor rather
 * than a controller advice, so error pages get it too.
 */
@Component
class PageModel implements HandlerInterceptor {

    private final Clock clock;

    PageModel(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView page) {
        if (page != null && !(page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
            fill(page, request);
        }
    }

    /** Also called by the error handlers, whose pages the interceptor does not see. */
    ModelAndView fill(ModelAndView page, HttpServletRequest request) {
        String query = request.getQueryString();
        page.addObject("me", CurrentActor.get().orElse(null));
        page.addObject("languages", Languages.SUPPORTED);
        page.addObject("currentPath", request.getRequestURI() + (query == null ? "" : "?" + query));
        page.addObject("now", clock.instant());
        return page;
    }
}
