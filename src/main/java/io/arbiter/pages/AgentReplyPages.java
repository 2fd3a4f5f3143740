package io.arbiter.pages;

import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.InvalidInputException;
import io.arbiter.identity.Actor;
import io.arbiter.reply.SavedReplies;
import io.arbiter.reply.SavedReply;

/**
 * {@code /agent/replies}: an agent's saved replies, per language, to add, edit and delete (its own; the desk's shared
 * ones it only reads), and an admin's, which are the desk's shared ones. Every rule is {@link SavedReplies}', the
 * API's own; a refused form comes back filled in as it was sent, the reason beside the field at fault.
 */
@Controller
@RequestMapping("/agent/replies")
class AgentReplyPages {

    private static final String LIST = "agent/saved-replies";
    private static final String EDIT = "agent/saved-reply";

    /** The form's fields as typed, shown again when the rules refuse them. */
    record Form(String kind, String language, String title, String text) {

        SavedReplies.Draft draft() {
            return new SavedReplies.Draft(kind, language, title, text);
        }

        static Form of(SavedReply reply) {
            return new Form(reply.kind().name(), reply.language(), reply.title(), reply.text());
        }
    }

    private final SavedReplies replies;
    private final Refusals refusals;

    AgentReplyPages(SavedReplies replies, Refusals refusals) {
        this.replies = replies;
        this.refusals = refusals;
    }

    @GetMapping
    String list(Actor me, Model model) {
        Locale page = LocaleContextHolder.getLocale();
        return listPage(me, new Form(SavedReply.Kind.INFORMATION_REQUEST.name(),
                Languages.supported(page.getLanguage()).orElse(Locale.ENGLISH).getLanguage(), "", ""), model);
    }

    @PostMapping
    String create(Actor me, @ModelAttribute Form form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            SavedReply created = replies.create(me, form.draft(), null);
            return done(redirect, "created", created);
        } catch (InvalidInputException refused) {
            refuse(refused, model, response);
            return listPage(me, form, model);
        }
    }

    @GetMapping("/{id}")
    String edit(Actor me, @PathVariable UUID id, Model model) {
        SavedReply reply = replies.kept(me, id);
        return editPage(reply, Form.of(reply), model);
    }

    @PostMapping("/{id}")
    String update(Actor me, @PathVariable UUID id, @ModelAttribute Form form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        try {
            return done(redirect, "updated", replies.update(me, id, form.draft()));
        } catch (InvalidInputException refused) {
            refuse(refused, model, response);
            return editPage(replies.kept(me, id), form, model);
        }
    }

    /** Deleting cannot be undone: the agent sees the reply and confirms first. */
    @GetMapping("/{id}/delete")
    String confirmDelete(Actor me, @PathVariable UUID id, Model model) {
        model.addAttribute("reply", replies.kept(me, id));
        return "agent/saved-reply-delete";
    }

    @PostMapping("/{id}/delete")
    String delete(Actor me, @PathVariable UUID id, RedirectAttributes redirect) {
        SavedReply reply = replies.kept(me, id);
        replies.delete(me, id);
        redirect.addFlashAttribute("done", "deleted");
        redirect.addFlashAttribute("doneTitle", reply.title());
        return "redirect:/agent/replies";
    }

    private String listPage(Actor me, Form form, Model model) {
        model.addAttribute("groups", replies.picker(me, null, LocaleContextHolder.getLocale()));
        form(form, "/agent/replies", model);
        return LIST;
    }

    private String editPage(SavedReply reply, Form form, Model model) {
        model.addAttribute("reply", reply);
        form(form, "/agent/replies/" + reply.id(), model);
        return EDIT;
    }

    private static void form(Form form, String action, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("action", action);
        model.addAttribute("kinds", SavedReply.Kind.values());
        model.addAttribute("maxTitle", SavedReplies.MAX_TITLE);
        model.addAttribute("maxText", SavedReplies.MAX_TEXT);
    }

    /** The refusal in the reader's language, beside the field the rules named. */
    private void refuse(InvalidInputException refused, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("errorField", refused.field());
        model.addAttribute("error", refusals.say(refused));
    }

    private static String done(RedirectAttributes redirect, String what, SavedReply reply) {
        redirect.addFlashAttribute("done", what);
        redirect.addFlashAttribute("doneTitle", reply.title());
        return "redirect:/agent/replies#reply-" + reply.id();
    }
}
