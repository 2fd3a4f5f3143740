package io.arbiter.reply.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.identity.Actor;
import io.arbiter.reply.SavedReplies;
import io.arbiter.reply.SavedReply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/saved-replies")
@Tag(name = "Saved replies", description = "Agents' reusable texts for information requests, suggestions and"
        + " decisions: an agent's own, and the desk's shared ones that admins keep")
class SavedReplyController {

    private final SavedReplies replies;

    SavedReplyController(SavedReplies replies) {
        this.replies = replies;
    }

    @Schema(description = "A saved reply's content; every field is required")
    record Body(@Schema(allowableValues = {"INFORMATION_REQUEST", "SUGGESTION", "DECISION"}) String kind,
                @Schema(allowableValues = {"en", "es", "pt", "fr", "ru"}) String language,
                @Schema(maxLength = 200) String title,
                @Schema(maxLength = 5000) String text,
                @Schema(description = "create only: true for one of the desk's shared replies (admins only);"
                        + " an agent's replies are its own, an admin's are shared") Boolean shared) {

        SavedReplies.Draft draft() {
            return new SavedReplies.Draft(kind, language, title, text);
        }
    }

    private static final String EXAMPLE = """
            {"id":"5b0f3c1e-8a43-4c1a-9d55-0c6f1f0e2a11","kind":"INFORMATION_REQUEST","language":"en",
             "title":"Photo in daylight","text":"Please send a photo of the item in daylight next to the listing photo.",
             "shared":true,"createdBy":"admin","createdAt":"2026-03-02T09:00:00Z","updatedAt":"2026-03-02T09:00:00Z"}""";

    @GetMapping
    @Operation(summary = "The saved replies the caller may use: an agent's own and the shared ones (shared first);"
            + " an admin's list is the shared ones")
    List<SavedReply> list(Actor actor,
            @Parameter(description = "INFORMATION_REQUEST, SUGGESTION or DECISION") @RequestParam(required = false) String kind,
            @Parameter(description = "en, es, pt, fr or ru") @RequestParam(required = false) String language) {
        return replies.list(actor, kind, language);
    }

    @PostMapping
    @Operation(summary = "Save a reply: an agent's own, or (admins) one of the desk's shared ones")
    @ApiResponse(responseCode = "201", description = "Saved", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = EXAMPLE)))
    ResponseEntity<SavedReply> create(Actor actor, @RequestBody Body body) {
        SavedReply created = replies.create(actor, body.draft(), body.shared());
        return ResponseEntity.created(URI.create("/api/v1/saved-replies/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One saved reply; another agent's own reply is not found (404)")
    SavedReply get(Actor actor, @PathVariable UUID id) {
        return replies.get(actor, id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a saved reply's kind, language, title and text: an agent its own, an admin the"
            + " shared ones (an agent changing a shared one: 403)")
    SavedReply update(Actor actor, @PathVariable UUID id, @RequestBody Body body) {
        return replies.update(actor, id, body.draft());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a saved reply: an agent its own, an admin a shared one")
    ResponseEntity<Void> delete(Actor actor, @PathVariable UUID id) {
        replies.delete(actor, id);
        return ResponseEntity.noContent().build();
    }
}
