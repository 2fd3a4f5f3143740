package io.arbiter.evidence.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.evidence.EvidenceService;
import io.arbiter.evidence.EvidenceView;
import io.arbiter.evidence.StoredEvidence;
import io.arbiter.evidence.Submission;
import io.arbiter.evidence.storage.EvidenceIntegrityException;
import io.arbiter.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Size;

/**
 * Evidence of a dispute: small files in one multipart request (large ones through the resumable upload endpoint),
 * links to files hosted elsewhere, the list, the files themselves (with ranges, for video) and thumbnails.
 * Nothing here changes or deletes a piece; a party may only withdraw its own.
 */
@RestController
@RequestMapping("/api/v1/disputes/{disputeId}/evidence")
@Tag(name = "Evidence")
class EvidenceController {

    private static final Logger log = LoggerFactory.getLogger(EvidenceController.class);

    private final EvidenceService evidence;

    EvidenceController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    record NewLink(String url, String description, String requirement, Integer piece) {
    }

    record Withdrawal(@Size(max = 1000) String reason) {
    }

    @Operation(summary = "Add a file (photo, video, document or ZIP archive) in one request; the same bytes from the"
            + " same party again answer 200 with the piece they became the first time")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<EvidenceView> upload(Actor actor, @PathVariable UUID disputeId,
                                        @RequestPart(name = "file", required = false) MultipartFile file,
                                        @RequestParam(required = false) String kind,
                                        @RequestParam(required = false) String description,
                                        @RequestParam(required = false) String requirement,
                                        @RequestParam(required = false) String piece) throws IOException {
        Submission submission = Submission.of(kind, description, requirement, piece,
                file == null ? null : file.getOriginalFilename());
        if (file == null) {
            throw new InvalidInputException("file", "attach the file as the multipart part named file");
        }
        EvidenceService.Added added;
        try (InputStream content = file.getInputStream()) {
            added = evidence.upload(actor, disputeId, submission, content);
        }
        URI location = URI.create("/api/v1/disputes/" + disputeId + "/evidence/" + added.piece().id());
        if (added.repeated()) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_LOCATION, location.toString()).body(added.piece());
        }
        return ResponseEntity.created(location).body(added.piece());
    }

    @Operation(summary = "Add a link to a file hosted elsewhere (https only)")
    @PostMapping(path = "/links", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EvidenceView> addLink(Actor actor, @PathVariable UUID disputeId, @RequestBody NewLink link) {
        Submission submission = Submission.of("link", link.description(), link.requirement(),
                link.piece() == null ? null : link.piece().toString(), null);
        EvidenceView added = evidence.addLink(actor, disputeId, submission, link.url());
        return ResponseEntity.created(URI.create("/api/v1/disputes/" + disputeId + "/evidence/" + added.id()))
                .body(added);
    }

    @Operation(summary = "All evidence of the dispute, both sides, withdrawn pieces marked")
    @GetMapping
    List<EvidenceView> list(Actor actor, @PathVariable UUID disputeId) {
        return evidence.list(actor, disputeId);
    }

    @GetMapping("/{evidenceId}")
    EvidenceView get(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID evidenceId) {
        return evidence.get(actor, disputeId, evidenceId);
    }

    @Operation(summary = "Withdraw a piece you supplied: it stays in the record, marked, and no longer counts")
    @PostMapping("/{evidenceId}/withdrawal")
    EvidenceView withdraw(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID evidenceId,
                          @RequestBody(required = false) Withdrawal withdrawal) {
        return evidence.withdraw(actor, disputeId, evidenceId, withdrawal == null ? null : withdrawal.reason());
    }

    @Operation(summary = "The original file, byte for byte (single byte ranges supported)")
    @GetMapping("/{evidenceId}/content")
    void content(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID evidenceId,
                 @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
                 HttpServletResponse response) throws IOException {
        StoredEvidence piece = evidence.file(actor, disputeId, evidenceId);
        long size = piece.size();
        long start = 0;
        long end = size - 1;
        List<HttpRange> ranges = parse(range);
        if (ranges.size() == 1) {
            HttpRange requested = ranges.get(0);
            if (!satisfiable(requested, size)) {
                response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                return;
            }
            start = requested.getRangeStart(size);
            end = requested.getRangeEnd(size);
        }
        try (InputStream in = evidence.open(piece.sha256(), start, end - start + 1)) {
            boolean partial = ranges.size() == 1;
            response.setStatus(partial ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value());
            if (partial) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
            }
            fileHeaders(response, piece.mediaType(), ContentDisposition.attachment()
                    .filename(piece.downloadName(), StandardCharsets.UTF_8).build());
            response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            response.setHeader(HttpHeaders.ETAG, "\"" + piece.sha256() + "\"");
            response.setContentLengthLong(end - start + 1);
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    @Operation(summary = "A small JPEG preview of a photo")
    @GetMapping("/{evidenceId}/thumbnail")
    void thumbnail(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID evidenceId,
                   HttpServletResponse response) throws IOException {
        StoredEvidence piece = evidence.file(actor, disputeId, evidenceId);
        if (piece.thumbnailSha256() == null) {
            throw NotFoundException.because("this piece has no thumbnail (JPEG, PNG and WebP photos have one, and HEIC photos once a decoder has read them)");
        }
        try (InputStream in = evidence.open(piece.thumbnailSha256(), 0, -1)) {
            fileHeaders(response, MediaType.IMAGE_JPEG_VALUE, ContentDisposition.inline().build());
            in.transferTo(response.getOutputStream());
        }
    }

    @Operation(summary = "For agents: this photo and the other photo a duplicate flag on it names, side by side as a"
            + " PNG with the region where they matched outlined in each (404 for the parties)")
    @GetMapping("/{evidenceId}/comparisons/{relatedEvidenceId}")
    void comparison(Actor actor, @PathVariable UUID disputeId, @PathVariable UUID evidenceId,
                    @PathVariable UUID relatedEvidenceId, HttpServletResponse response) throws IOException {
        byte[] png = evidence.comparison(actor, disputeId, evidenceId, relatedEvidenceId);
        fileHeaders(response, MediaType.IMAGE_PNG_VALUE, ContentDisposition.inline().build());
        response.setContentLength(png.length);
        response.getOutputStream().write(png);
    }

    @ExceptionHandler(EvidenceIntegrityException.class)
    ProblemDetail tampered(EvidenceIntegrityException e) {
        log.error("evidence failed its integrity check", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The stored file no longer matches the fingerprint taken when it arrived, so it is not served."
                        + " The operators have been alerted in the log.");
        problem.setTitle("Evidence failed its integrity check");
        return problem;
    }

    // Evidence is someone's upload: never let a browser render or sniff it as our page.
    private static void fileHeaders(HttpServletResponse response, String mediaType, ContentDisposition disposition) {
        response.setContentType(mediaType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    }

    private static List<HttpRange> parse(String range) {
        if (range == null || range.isBlank()) {
            return List.of();
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(range);
            return ranges.size() == 1 ? ranges : List.of();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean satisfiable(HttpRange range, long size) {
        try {
            return size > 0 && range.getRangeStart(size) < size && range.getRangeStart(size) <= range.getRangeEnd(size);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
