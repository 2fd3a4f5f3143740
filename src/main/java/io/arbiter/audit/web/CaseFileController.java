package io.arbiter.audit.web;

import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.arbiter.audit.CaseFile;
import io.arbiter.audit.CaseFiles;
import io.arbiter.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The case file of a dispute, as a ZIP streamed to the caller. */
@RestController
@Tag(name = "Disputes")
class CaseFileController {

    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final CaseFiles caseFiles;

    CaseFileController(CaseFiles caseFiles) {
        this.caseFiles = caseFiles;
    }

    @GetMapping("/api/v1/disputes/{id}/case-file")
    @Operation(summary = "Export the dispute's case file (ZIP: timeline as HTML and PDF, hash chain, manifest of"
            + " SHA-256 sums); parties, agents who can see the dispute, admins")
    ResponseEntity<StreamingResponseBody> caseFile(Actor actor, @PathVariable UUID id) {
        CaseFile file = caseFiles.prepare(actor, id);
        return ResponseEntity.ok()
                .contentType(ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.fileName()).build().toString())
                .body(file::writeTo);
    }
}
