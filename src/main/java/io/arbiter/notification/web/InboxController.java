package io.arbiter.notification.web;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.common.PageRequest;
import io.arbiter.identity.Actor;
import io.arbiter.notification.Inbox;
import io.arbiter.notification.InboxItem;
import io.arbiter.notification.InboxPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox")
class InboxController {

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    record ReadAll(int marked) {
    }

    @GetMapping
    @Operation(summary = "Your notices, newest first: what happened on your disputes, what you must do and by when")
    InboxPage list(Actor actor, @RequestParam(defaultValue = "false") boolean unreadOnly,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return inbox.list(actor, unreadOnly, new PageRequest(page, size));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one of your notices read")
    InboxItem read(Actor actor, @PathVariable UUID id) {
        return inbox.markRead(actor, id);
    }

    @PostMapping("/read-all")
    @Operation(summary = "Mark all your notices read")
    ReadAll readAll(Actor actor) {
        return new ReadAll(inbox.markAllRead(actor));
    }
}
