package io.arbiter.audit.web;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.audit.AuditReport;
import io.arbiter.audit.AuditTrail;
import io.arbiter.audit.ChainReport;
import io.arbiter.common.ForbiddenException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Admins check that the record of disputes is intact. */
@RestController
@RequestMapping("/api/v1/admin/audit")
@Tag(name = "Audit")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/disputes/{id}/verify")
    @Operation(summary = "Verify one dispute's hash chain; names the first broken entry")
    ChainReport verify(Actor actor, @PathVariable UUID id) {
        requireAdmin(actor);
        return trail.verify(id);
    }

    @GetMapping("/verify")
    @Operation(summary = "Verify every dispute's hash chain; names the first broken entry of each broken chain")
    AuditReport verifyAll(Actor actor) {
        requireAdmin(actor);
        return trail.verifyAll();
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.is(Role.ADMIN)) {
            throw new ForbiddenException("only admins verify the audit chains");
        }
    }
}
