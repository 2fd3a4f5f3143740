package io.arbiter.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** A path nothing serves: a 404 page for a person, a problem document for an API client. */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingPages {

    private final PageModel pageModel;

    MissingPages(PageModel pageModel) {
        this.pageModel = pageModel;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object missing(NoResourceFoundException missing, HttpServletRequest request, HttpServletResponse response) {
        if (request.getRequestURI().startsWith("/api/")) {
            ProblemDetail problem = missing.getBody();
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        response.setStatus(HttpStatus.NOT_FOUND.value());
        ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", HttpStatus.NOT_FOUND.value());
        return pageModel.fill(page, request);
    }
}
