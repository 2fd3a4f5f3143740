package io.arbiter.pages;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.arbiter.common.PageRequest;
import io.arbiter.identity.Actor;
import io.arbiter.notification.Inbox;
import io.arbiter.notification.InboxItem;

/** Everyone's in-app notices: what is asked of them and by when; opening one marks it read. */
@Controller
@RequestMapping("/inbox")
class InboxPages {

    private final Inbox inbox;

    InboxPages(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    String list(Actor me, @RequestParam(defaultValue = "false") boolean unreadOnly,
                @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("unreadOnly", unreadOnly);
        model.addAttribute("inbox", inbox.list(me, unreadOnly, new PageRequest(page, 20)));
        return "inbox/list";
    }

    @PostMapping("/{id}/open")
    String open(Actor me, @PathVariable UUID id) {
        InboxItem item = inbox.markRead(me, id);
        return item.disputeId() == null ? "redirect:/inbox" : "redirect:/disputes/" + item.disputeId();
    }

    @PostMapping("/read-all")
    String readAll(Actor me) {
        inbox.markAllRead(me);
        return "redirect:/inbox";
    }
}
