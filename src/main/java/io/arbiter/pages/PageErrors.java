package io.arbiter.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Errors on pages are pages, not problem documents: what is missing or not one's own is a 404 page, and an
 * action the rules refuse (a form posted with bad input, a step taken in the wrong state) sends the person back
 * to the page the form was on, with the reason shown above it in the reader's language.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    static final String PROBLEM = "problem";

    private final PageModel pageModel;
    private final Refusals refusals;

    PageErrors(PageModel pageModel, Refusals refusals) {
        this.pageModel = pageModel;
        this.refusals = refusals;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(HttpServletRequest request, HttpServletResponse response) {
        return errorPage(request, response, HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(HttpServletRequest request, HttpServletResponse response) {
        return errorPage(request, response, HttpStatus.FORBIDDEN);
    }

    @ExceptionHandler({InvalidInputException.class, RuleViolationException.class, StateConflictException.class,
            UnsupportedContentException.class, PayloadTooLargeException.class})
    ModelAndView refused(RuntimeException refusal, HttpServletRequest request, HttpServletResponse response,
                         RedirectAttributes redirect) {
        if ("GET".equals(request.getMethod())) {
            ModelAndView page = errorPage(request, response, HttpStatus.BAD_REQUEST);
            page.addObject("detail", refusals.say(refusal));
            return page;
        }
        redirect.addFlashAttribute(PROBLEM, refusals.say(refusal));
        return new ModelAndView("redirect:" + backTo(request));
    }

    /** The page the form was posted from, if it is one of ours; the start page otherwise. */
    static String backTo(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        String origin = request.getScheme() + "://" + request.getServerName()
                + (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort());
        if (referer != null && referer.startsWith(origin + "/")) {
            return referer.substring(origin.length());
        }
        return "/";
    }

    private ModelAndView errorPage(HttpServletRequest request, HttpServletResponse response, HttpStatus status) {
        response.setStatus(status.value());
        ModelAndView page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        return pageModel.fill(page, request);
    }
}
