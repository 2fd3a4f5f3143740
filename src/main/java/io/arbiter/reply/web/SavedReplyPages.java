package io.arbiter.reply.web;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import io.arbiter.common.InvalidInputException;
import io.arbiter.identity.Actor;
import io.arbiter.reply.SavedReplies;

/**
 * The case page's saved-reply pickers (htmx): picking a reply answers its form's textarea filled with the reply's
 * text, which the agent edits before sending. The pickers themselves are {@code agent/replies :: picker}.
 */
@Controller
@RequestMapping("/agent/saved-replies")
class SavedReplyPages {

    /** A case page's textarea a reply may fill: its form field and length limit, as the case page has them. */
    private record Target(String name, int maxLength) {
    }

    private static final Map<String, Target> TARGETS = Map.of(
            "question", new Target("question", 5000),
            "suggestion-reasons", new Target("reasons", 10000),
            "decision-reasons", new Target("reasons", 10000));

    private final SavedReplies replies;

    SavedReplyPages(SavedReplies replies) {
        this.replies = replies;
    }

    /** The textarea {@code target} filled with the reply's text; nothing (204) when no reply is picked. */
    @GetMapping("/fill")
    Object fill(Actor me, @RequestParam String target, @RequestParam(required = false) UUID savedReply, Model model) {
        Target textarea = TARGETS.get(target);
        if (textarea == null) {
            throw new InvalidInputException("target", "one of " + String.join(", ", TARGETS.keySet()));
        }
        if (savedReply == null) {
            return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
        }
        model.addAttribute("id", target);
        model.addAttribute("name", textarea.name());
        model.addAttribute("maxLength", textarea.maxLength());
        model.addAttribute("text", replies.get(me, savedReply).text());
        return new ModelAndView("agent/replies :: filled");
    }
}
