package io.arbiter.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.common.UnsupportedContentException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure into an RFC 9457 problem document. Field errors carry an {@code errors} list of
 * {@code {field, reason}} so that a client can put each message next to its input.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    private static final Pattern PARAMETER = Pattern.compile("Parameter \\[([A-Za-z0-9_.\\-\\[\\]]{1,100})\\]");

    record FieldProblem(String field, String reason) {
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(InsufficientAuthenticationException.class)
    ProblemDetail unauthenticated(InsufficientAuthenticationException e) {
        return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Not possible now", e.getMessage());
        if (e.currentState() != null) {
            problem.setProperty("currentStatus", e.currentState());
            problem.setProperty("allowedActions", e.allowedActions());
        }
        return problem;
    }

    @ExceptionHandler({ConcurrencyFailureException.class, DbActionExecutionException.class,
            DuplicateKeyException.class})
    ProblemDetail concurrentChange(RuntimeException e) {
        if (e instanceof DbActionExecutionException && !(e.getCause() instanceof ConcurrencyFailureException)
                && !(e.getCause() instanceof DuplicateKeyException)) {
            throw e;
        }
        return changedMeanwhile();
    }

    static ProblemDetail changedMeanwhile() {
        return problem(HttpStatus.CONFLICT, "Changed meanwhile",
                "Someone else changed this at the same moment; reload it and try again");
    }

    @ExceptionHandler(RuleViolationException.class)
    ProblemDetail ruleViolated(RuleViolationException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Rule violated", e.getMessage());
        if (e.field() != null) {
            problem.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage())));
        }
        return problem;
    }

    @ExceptionHandler(UnsupportedContentException.class)
    ProblemDetail unsupportedContent(UnsupportedContentException e) {
        ProblemDetail problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content", e.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage())));
        return problem;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return tooLarge(e.field(), e.getMessage());
    }

    static ProblemDetail tooLarge(String field, String reason) {
        ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "Too large", reason);
        problem.setProperty("errors", List.of(new FieldProblem(field, reason)));
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        return invalid(List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(List.of(new FieldProblem(e.getName(), "'" + e.getValue() + "' is not a valid value")));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bean) {
                bean.getFieldErrors().forEach(error ->
                        errors.add(new FieldProblem(error.getField(), error.getDefaultMessage())));
            } else {
                result.getResolvableErrors().forEach(error -> errors.add(new FieldProblem(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage())));
            }
        });
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String reason = "the upload is larger than the largest file Arbiter accepts ("
                + (e.getMaxUploadSize() < 0 ? "see the evidence limits" : e.getMaxUploadSize() + " bytes") + ")";
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge("file", reason));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge("body", tooLarge.getMessage()));
            }
        }
        String field = "body";
        String reason = "the request body is not valid JSON";
        if (e.getCause() instanceof JacksonException jackson) {
            String path = jackson.getPathReference() == null ? "" : pathOf(jackson);
            if (!path.isEmpty()) {
                field = path;
                reason = jackson instanceof PlainTextModule.TextRefusedException refused ? refused.getOriginalMessage()
                        : "has a value of the wrong type or format";
            }
        }
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(field, reason))));
    }

    /** A query or form parameter Tomcat could not decode ({@code ?page=%ff}), named when Tomcat names it. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail undecodableParameter(InvalidParameterException e) {
        Matcher named = PARAMETER.matcher(String.valueOf(e.getMessage()));
        return invalid(List.of(new FieldProblem(named.find() ? named.group(1) : "query",
                "is not valid percent-encoded UTF-8")));
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return invalid(List.of(new FieldProblem("body", "is not a well-formed multipart/form-data body ("
                + cause.getMessage() + ")")));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return invalid(List.of(new FieldProblem("body", e.getMessage())));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Something went wrong on our side; nothing was changed by this request");
    }

    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ProblemDetail invalid(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).reason()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    /** For filters, which answer before (or outside) the controllers and this handler. */
    static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), asMap(problem));
    }

    static Map<String, Object> asMap(ProblemDetail problem) {
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("type", String.valueOf(problem.getType()));
        map.put("title", problem.getTitle());
        map.put("status", problem.getStatus());
        map.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            map.put("instance", String.valueOf(problem.getInstance()));
        }
        if (problem.getProperties() != null) {
            map.putAll(problem.getProperties());
        }
        return map;
    }
}
