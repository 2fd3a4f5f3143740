package io.arbiter.pages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.PageRequest;
import io.arbiter.dispute.Dispute;
import io.arbiter.dispute.DisputeFilter;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeStatus;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.Terms;
import io.arbiter.identity.Actor;
import io.arbiter.identity.UserDirectory;

/**
 * The agents' console: the queue of escalated cases by due time, and a case page where the agent reads both sides,
 * asks for information, suggests, decides and extends due times.
 */
@Controller
@RequestMapping("/agent")
class AgentPages {

    private final DisputeService disputes;
    private final DisputePages disputePages;
    private final UserDirectory users;
    private final Clock clock;
    private final Refusals refusals;

    AgentPages(DisputeService disputes, DisputePages disputePages, UserDirectory users, Clock clock,
               Refusals refusals) {
        this.refusals = refusals;
        this.disputes = disputes;
        this.disputePages = disputePages;
        this.users = users;
        this.clock = clock;
    }

    @GetMapping
    String queue(Actor me, @RequestParam(defaultValue = "OPEN") String cases,
                 @RequestParam(defaultValue = "false") boolean overdue,
                 @RequestParam(defaultValue = "DUE") DisputeFilter.Sort sort,
                 @RequestParam(defaultValue = "0") int page, Model model) {
        DisputeFilter.Assignment assignment = switch (cases) {
            case "OPEN" -> DisputeFilter.Assignment.UNASSIGNED_OR_MINE;
            case "UNASSIGNED" -> DisputeFilter.Assignment.UNASSIGNED;
            case "MINE" -> DisputeFilter.Assignment.MINE;
            case "ALL" -> null;
            default -> throw new InvalidInputException("cases", "one of OPEN, UNASSIGNED, MINE, ALL");
        };
        // The queue by default: the cases waiting for an agent, and the ones this agent took that are still open.
        List<DisputeStatus> statuses = switch (cases) {
            case "UNASSIGNED" -> List.of(DisputeStatus.UNDER_REVIEW);
            case "OPEN" -> Arrays.stream(DisputeStatus.values()).filter(status -> !status.closed()).toList();
            default -> null;
        };
        model.addAttribute("cases", cases);
        model.addAttribute("overdue", overdue);
        model.addAttribute("sort", sort.name());
        model.addAttribute("queue", disputes.list(me,
                new DisputeFilter(statuses, false, null, assignment, sort, overdue), new PageRequest(page, 25)));
        return "agent/queue";
    }

    @GetMapping("/disputes/{id}")
    String showCase(Actor me, @PathVariable UUID id, Model model) {
        DisputeView dispute = disputePages.showDispute(me, id, model);
        model.addAttribute("buyerName", nameOf(dispute.order().buyerId()));
        model.addAttribute("sellerName", nameOf(dispute.order().sellerId()));
        model.addAttribute("dueTimes", DueTime.values());
        return "agent/case";
    }

    @PostMapping("/disputes/{id}/take")
    String take(Actor me, @PathVariable UUID id, @RequestParam long version) {
        disputes.takeCase(me, id, version);
        return backTo(id);
    }

    @PostMapping("/disputes/{id}/information-requests")
    String requestInformation(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam Party from,
                              @RequestParam String question, @RequestParam(required = false) Integer days) {
        Instant dueAt = days == null ? null : clock.instant().plus(Duration.ofDays(positive("days", days)));
        disputes.requestInformation(me, id, version, from, FormInput.text("question", question), dueAt);
        return backTo(id);
    }

    @PostMapping("/disputes/{id}/suggestion")
    String suggest(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam ResolutionType type,
                   @RequestParam(required = false) String amount, @RequestParam String reasons) {
        disputes.postSuggestion(me, id, version, terms(me, id, type, amount), FormInput.text("reasons", reasons));
        return backTo(id);
    }

    /** The final decision cannot be undone: the agent sees its terms and confirms them first. */
    @GetMapping("/disputes/{id}/confirm/decision")
    String confirmDecision(Actor me, @PathVariable UUID id, @RequestParam ResolutionType type,
                           @RequestParam(required = false) String amount, HttpServletRequest request, Model model,
                           RedirectAttributes redirect) {
        Terms terms;
        try {
            terms = terms(me, id, type, amount);
        } catch (InvalidInputException refused) {
            redirect.addFlashAttribute(PageErrors.PROBLEM, refusals.say(refused));
            return backTo(id);
        }
        disputePages.showDispute(me, id, model);
        return DisputePages.confirmation(model, "decision", "/agent/disputes/" + id + "/decision", terms, request,
                "/agent/disputes/" + id);
    }

    @PostMapping("/disputes/{id}/decision")
    String decide(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam ResolutionType type,
                  @RequestParam(required = false) String amount, @RequestParam String reasons,
                  RedirectAttributes redirect) {
        disputes.decide(me, id, version, terms(me, id, type, amount), FormInput.text("reasons", reasons));
        redirect.addFlashAttribute("done", "decision");
        return backTo(id);
    }

    @PostMapping("/disputes/{id}/due-time-extensions")
    String extend(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam DueTime dueTime,
                  @RequestParam int days, @RequestParam String reason) {
        DisputeView dispute = disputes.get(me, id);
        Instant current = dueTime == DueTime.EVIDENCE ? dispute.claim().evidenceDueAt() : dispute.dueAt();
        if (current == null) {
            throw new InvalidInputException("dueTime", "this dispute has no running " + dueTime.name().toLowerCase()
                    + " due time");
        }
        disputes.extendDueTime(me, id, version, dueTime, current.plus(Duration.ofDays(positive("days", days))),
                FormInput.text("reason", reason));
        return backTo(id);
    }

    private String nameOf(String userId) {
        return users.findById(userId).map(UserDirectory.User::displayName).orElse(userId);
    }

    private Terms terms(Actor me, UUID id, ResolutionType type, String amount) {
        Long minor = type == ResolutionType.PARTIAL_REFUND
                ? Long.valueOf(FormInput.amount("amount", amount, disputes.get(me, id).money().currency())) : null;
        return new Terms(type, minor, false);
    }

    private static int positive(String field, int days) {
        if (days < 1 || days > Dispute.LONGEST_AGENT_DUE_DAYS) {
            throw new InvalidInputException(field, "between 1 and " + Dispute.LONGEST_AGENT_DUE_DAYS + " days");
        }
        return days;
    }

    private static String backTo(UUID id) {
        return "redirect:/agent/disputes/" + id;
    }
}
