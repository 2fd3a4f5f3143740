package io.arbiter.evidence.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.evidence.upload.ResumableUploads;
import io.arbiter.evidence.upload.TusProblem;
import io.arbiter.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Resumable evidence uploads with the tus 1.0 protocol; any tus client works (tus-js-client, TUSKit,
 * tus-android-client). The request body is streamed to disk as it arrives, never read by Spring.
 */
@RestController
@RequestMapping("/api/v1/disputes/{disputeId}/uploads")
@Tag(name = "Evidence uploads (tus)")
class TusUploadController {

    private final ResumableUploads uploads;

    TusUploadController(ResumableUploads uploads) {
        this.uploads = uploads;
    }

    record FieldProblem(String field, String reason) {
    }

    @RequestMapping(method = {RequestMethod.POST, RequestMethod.OPTIONS})
    @Operation(summary = "Start a resumable upload (tus creation): Upload-Length and Upload-Metadata with base64"
            + " kind, description and optionally requirement, piece, filename; OPTIONS tells the tus version,"
            + " extensions and the largest size")
    void uploads(Actor actor, @PathVariable UUID disputeId, HttpServletRequest request,
                 HttpServletResponse response) throws IOException {
        uploads.handleUploads(actor, disputeId, request, response);
    }

    @RequestMapping(path = "/{uploadId}", method = {RequestMethod.HEAD, RequestMethod.PATCH, RequestMethod.DELETE,
            RequestMethod.POST, RequestMethod.OPTIONS})
    @Operation(summary = "Continue your upload: HEAD for the offset stored, PATCH (or POST with"
            + " X-HTTP-Method-Override: PATCH) for the next bytes, DELETE to give it up. The PATCH that completes it"
            + " answers Evidence-Location, and so does HEAD afterwards, with all the bytes, until the upload expires")
    void upload(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID uploadId, HttpServletRequest request,
                HttpServletResponse response) throws IOException {
        uploads.handleUpload(actor, disputeId, uploadId, request, response);
    }

    @ExceptionHandler(TusProblem.class)
    ResponseEntity<ProblemDetail> tusProblem(TusProblem problem, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()),
                problem.getMessage());
        body.setTitle(problem.title());
        body.setType(URI.create("about:blank"));
        body.setInstance(URI.create(request.getRequestURI()));
        if (problem.field() != null) {
            body.setProperty("errors", List.of(new FieldProblem(problem.field(), problem.getMessage())));
        }
        HttpHeaders headers = new HttpHeaders();
        problem.headers().forEach(headers::set);
        return ResponseEntity.status(problem.status()).headers(headers).body(body);
    }
}
