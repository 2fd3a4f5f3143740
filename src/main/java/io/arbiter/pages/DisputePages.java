package io.arbiter.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.dispute.BlockedAction;
import io.arbiter.dispute.DisputeAction;
import io.arbiter.dispute.DisputeFilter;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeStatus;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.Terms;
import io.arbiter.order.OrderView;
import io.arbiter.evidence.EvidenceService;
import io.arbiter.evidence.Submission;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/**
 * The complaint center of a buyer or a seller and the page of one dispute, where each party takes the steps the
 * dispute allows it now. Every step is the same service call the API makes, with the version the page showed, so
 * a step taken on a page that was out of date is refused rather than applied to a dispute the person did not see.
 */
@Controller
@RequestMapping("/disputes")
class DisputePages {

    private static final List<DisputeStatus> OPEN = List.of(DisputeStatus.AWAITING_SELLER, DisputeStatus.AWAITING_BUYER,
            DisputeStatus.UNDER_REVIEW, DisputeStatus.AWAITING_RETURN_ADDRESS, DisputeStatus.AWAITING_RETURN_SHIPMENT,
            DisputeStatus.AWAITING_RETURN_RECEIPT);
    private static final List<DisputeStatus> CLOSED = List.of(DisputeStatus.RESOLVED, DisputeStatus.WITHDRAWN);

    private static final Set<String> OPTIONAL_STEPS = Set.of("state-private-limit", "withdraw");
    /** The steps a party may take, the most pressing first; adding evidence only while required evidence is missing. */
    private static final List<DisputeAction> BY_URGENCY = List.of(DisputeAction.RESPOND_TO_INFORMATION_REQUEST,
            DisputeAction.ACCEPT_SUGGESTION, DisputeAction.CONFIRM_RETURN_ADDRESS, DisputeAction.SHIP_RETURN,
            DisputeAction.CONFIRM_RETURN_RECEIPT, DisputeAction.ACCEPT_OFFER, DisputeAction.ADD_EVIDENCE,
            DisputeAction.ESCALATE, DisputeAction.MAKE_OFFER, DisputeAction.DECLINE_OFFER, DisputeAction.CONTEST,
            DisputeAction.STATE_PRIVATE_LIMIT, DisputeAction.WITHDRAW);
    private static final Set<String> ON_ONES_MOVE = Set.of("escalate", "escalate-blocked", "make-offer");

    private final DisputeService disputes;
    private final EvidenceService evidence;
    private final Formats formats;

    DisputePages(DisputeService disputes, EvidenceService evidence, Formats formats) {
        this.disputes = disputes;
        this.evidence = evidence;
        this.formats = formats;
    }

    @GetMapping
    String list(Actor me, @RequestParam(defaultValue = "open") String show,
                @RequestParam(defaultValue = "0") int page, Model model) {
        List<DisputeStatus> statuses = switch (show) {
            case "open" -> OPEN;
            case "closed" -> CLOSED;
            default -> null;
        };
        model.addAttribute("show", statuses == null ? "all" : show);
        model.addAttribute("disputes", formats.latestUpdates(disputes.list(me,
                new DisputeFilter(statuses, false, null, null, DisputeFilter.Sort.LATEST, false),
                new PageRequest(page, 20)), me));
        return "disputes/list";
    }

    @GetMapping("/{id}")
    String show(Actor me, @PathVariable UUID id, Model model) {
        if (isAgent(me)) {
            return "redirect:/agent/disputes/" + id;
        }
        showDispute(me, id, model);
        return "disputes/show";
    }

    /** What the dispute page and the agents' case page show: the dispute as this person sees it. */
    DisputeView showDispute(Actor me, UUID id, Model model) {
        DisputeView dispute = disputes.get(me, id);
        model.addAttribute("dispute", dispute);
        model.addAttribute("can", dispute.allowedActions().stream().map(Enum::name).collect(Collectors.toSet()));
        List<String> steps = stepsFor(dispute);
        // Stating a limit or withdrawing is never what the page urges: with only those left, it is the other's move.
        // Offering, countering or escalating leads only on one's own move; answering an agent or a return any time.
        boolean leads = !steps.isEmpty() && !OPTIONAL_STEPS.contains(steps.get(0))
                && (dispute.whoseMove() == dispute.yourRole() || !ON_ONES_MOVE.contains(steps.get(0)));
        model.addAttribute("primary", leads ? steps.get(0) : null);
        model.addAttribute("otherSteps", leads ? steps.subList(1, steps.size()) : steps);
        // The uploader is on the page once: in the step that asks for a file, or else with the evidence.
        model.addAttribute("uploaderInSteps", steps.contains("add-evidence")
                || (steps.contains("respond-to-information-request")
                    && dispute.allowedActions().contains(DisputeAction.ADD_EVIDENCE)));
        model.addAttribute("blocked", dispute.blockedActions().stream()
                .filter(blocked -> blocked.action() == DisputeAction.ESCALATE).findFirst().orElse(null));
        model.addAttribute("stages", stagesOf(dispute));
        model.addAttribute("requirementNames", dispute.claim().evidenceRequired().stream().collect(
                Collectors.toMap(DisputeReason.EvidenceRequirement::code,
                        requirement -> formats.requirement(requirement.code(), requirement.description()),
                        (first, second) -> first)));
        OrderView.Line item = dispute.order().lines().isEmpty() ? null : dispute.order().lines().get(0);
        model.addAttribute("item", item);
        model.addAttribute("picture", item == null ? null : ownPicture(item.imageUrls()));
        model.addAttribute("evidence", evidence.list(me, id));
        model.addAttribute("timeline", formats.timeline(dispute));
        model.addAttribute("offerTypes", ResolutionType.values());
        return dispute;
    }

    /**
     * The steps a party may take now, the most pressing first: the first is the page's one primary step, the others
     * wait behind "More options". Evidence the reason still requires comes before escalating, which it blocks.
     */
    static List<String> stepsFor(DisputeView dispute) {
        Set<DisputeAction> can = Set.copyOf(dispute.allowedActions());
        boolean blockedForEvidence = dispute.blockedActions().stream()
                .anyMatch(blocked -> blocked.reason() == BlockedAction.Reason.REQUIRED_EVIDENCE_MISSING);
        boolean evidenceMissing = dispute.yourRole() == Party.BUYER
                && dispute.claim().evidence() != null && !dispute.claim().evidence().complete();
        List<String> steps = new ArrayList<>();
        for (DisputeAction action : BY_URGENCY) {
            if (action == DisputeAction.ESCALATE && blockedForEvidence) {
                steps.add("escalate-blocked");
            } else if (can.contains(action) && (action != DisputeAction.ADD_EVIDENCE || evidenceMissing)) {
                steps.add(stepOf(action));
            }
        }
        return steps;
    }

    /** A step's name, as its fragment in disputes/actions.html and its words ({@code page.done.<step>}) are named. */
    static String stepOf(DisputeAction action) {
        return action.name().toLowerCase().replace('_', '-');
    }

    /** One stage of the progress tracker: {@code state} is done, current or next. */
    public record Stage(String key, String state) {
    }

    /** Filed, talking with the other side, an agent's review (once asked for), the return (if any), closed. */
    static List<Stage> stagesOf(DisputeView dispute) {
        DisputeStatus status = dispute.status();
        boolean withReturn = status.name().startsWith("AWAITING_RETURN") || dispute.returnShipment() != null;
        List<String> keys = new ArrayList<>(List.of("filed", "talk", "review"));
        if (withReturn) {
            keys.add("return");
        }
        keys.add("closed");
        String current = switch (status) {
            case AWAITING_SELLER, AWAITING_BUYER -> "talk";
            case UNDER_REVIEW -> "review";
            case AWAITING_RETURN_ADDRESS, AWAITING_RETURN_SHIPMENT, AWAITING_RETURN_RECEIPT -> "return";
            default -> "closed";
        };
        int at = keys.indexOf(current);
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            stages.add(new Stage(keys.get(i), i < at || (i == at && status.closed()) ? "done"
                    : i == at ? "current" : "next"));
        }
        return stages;
    }

    /** The listing's first picture Arbiter serves itself: the pages load no picture from elsewhere. */
    static String ownPicture(List<String> urls) {
        return urls == null ? null : urls.stream().filter(url -> url.startsWith("/") && !url.startsWith("//"))
                .findFirst().orElse(null);
    }

    /**
     * Asks before a step that cannot be undone (accepting, confirming the return, withdrawing): the page says what
     * will happen, and only its button sends the step.
     */
    @GetMapping("/{id}/confirm/{step}")
    String confirm(Actor me, @PathVariable UUID id, @PathVariable String step, HttpServletRequest request,
                   Model model) {
        DisputeView dispute = showDispute(me, id, model);
        String action = switch (step) {
            case "accept-offer" -> "/disputes/" + id + "/accept";
            case "accept-suggestion" -> "/disputes/" + id + "/suggestion/accept";
            case "confirm-return-receipt" -> "/disputes/" + id + "/return/receipt";
            case "withdraw" -> "/disputes/" + id + "/withdraw";
            default -> throw new NotFoundException("page", step);
        };
        Terms terms = switch (step) {
            case "accept-offer" -> dispute.negotiation() == null || dispute.negotiation().openOffer() == null ? null
                    : dispute.negotiation().openOffer().terms();
            case "accept-suggestion" -> dispute.review() == null || dispute.review().suggestion() == null ? null
                    : dispute.review().suggestion().terms();
            default -> null;
        };
        return confirmation(model, step, action, terms, request, backTo(id).substring("redirect:".length()));
    }

    /** The confirmation page of one step: what it does, its terms, and the fields the step's form sent along. */
    static String confirmation(Model model, String step, String action, Terms terms, HttpServletRequest request,
                               String back) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        request.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                fields.add(Map.entry(name, value));
            }
        });
        model.addAttribute("step", step);
        model.addAttribute("action", action);
        model.addAttribute("terms", terms);
        model.addAttribute("fields", fields);
        model.addAttribute("back", back);
        return "disputes/confirm";
    }

    /**
     * Polled by the open page: answers 204 while the dispute is as the page shows it, and asks htmx to reload the
     * page once the other side (or a due time) changed it.
     */
    @GetMapping("/{id}/changes")
    ResponseEntity<Void> changes(Actor me, @PathVariable UUID id, @RequestParam long since) {
        long version = disputes.get(me, id).version();
        return version == since ? ResponseEntity.noContent().build()
                : ResponseEntity.noContent().header("HX-Refresh", "true").build();
    }

    @PostMapping("/{id}/accept")
    String accept(Actor me, @PathVariable UUID id, @RequestParam long version,
                  @RequestParam(required = false) UUID offerId,
                  @RequestParam(defaultValue = "false") boolean sellerPaysReturnShipping,
                  @RequestParam(required = false) String returnAddress, RedirectAttributes redirect) {
        disputes.acceptOffer(me, id, version, offerId, sellerPaysReturnShipping, FormInput.optionalText("returnAddress", returnAddress));
        return done(redirect, id, "accept-offer");
    }

    @PostMapping("/{id}/decline")
    String decline(Actor me, @PathVariable UUID id, @RequestParam long version,
                   @RequestParam(required = false) UUID offerId, @RequestParam(required = false) String note, RedirectAttributes redirect) {
        disputes.declineOffer(me, id, version, offerId, FormInput.optionalText("note", note));
        return done(redirect, id, "decline-offer");
    }

    @PostMapping("/{id}/offer")
    String offer(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam ResolutionType type,
                 @RequestParam(required = false) String amount, @RequestParam(required = false) String note,
                 @RequestParam(defaultValue = "false") boolean sellerPaysReturnShipping, RedirectAttributes redirect) {
        DisputeView dispute = disputes.get(me, id);
        Long minor = type == ResolutionType.PARTIAL_REFUND
                ? Long.valueOf(FormInput.amount("amount", amount, dispute.money().currency())) : null;
        disputes.makeOffer(me, id, version, new Terms(type, minor, sellerPaysReturnShipping), FormInput.optionalText("note", note));
        return done(redirect, id, "make-offer");
    }

    @PostMapping("/{id}/contest")
    String contest(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String statement, RedirectAttributes redirect) {
        disputes.contest(me, id, version, FormInput.text("statement", statement));
        return done(redirect, id, "contest");
    }

    @PostMapping("/{id}/private-limit")
    String privateLimit(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String amount, RedirectAttributes redirect) {
        DisputeView dispute = disputes.get(me, id);
        disputes.statePrivateLimit(me, id, version, FormInput.amount("amount", amount, dispute.money().currency()));
        return done(redirect, id, "state-private-limit");
    }

    @PostMapping("/{id}/escalate")
    String escalate(Actor me, @PathVariable UUID id, @RequestParam long version,
                    @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        disputes.escalate(me, id, version, FormInput.optionalText("reason", reason));
        return done(redirect, id, "escalate");
    }

    @PostMapping("/{id}/withdraw")
    String withdraw(Actor me, @PathVariable UUID id, @RequestParam long version,
                    @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        disputes.withdraw(me, id, version, FormInput.optionalText("reason", reason));
        return done(redirect, id, "withdraw");
    }

    @PostMapping("/{id}/messages")
    String message(Actor me, @PathVariable UUID id, @RequestParam String text) {
        disputes.sendMessage(me, id, FormInput.text("text", text));
        return isAgent(me) ? "redirect:/agent/disputes/" + id : backTo(id);
    }

    @PostMapping("/{id}/information-response")
    String respond(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String text, RedirectAttributes redirect) {
        disputes.respondToInformationRequest(me, id, version, FormInput.text("text", text));
        return done(redirect, id, "respond-to-information-request");
    }

    @PostMapping("/{id}/suggestion/accept")
    String acceptSuggestion(Actor me, @PathVariable UUID id, @RequestParam long version, RedirectAttributes redirect) {
        disputes.acceptSuggestion(me, id, version);
        return done(redirect, id, "accept-suggestion");
    }

    @PostMapping("/{id}/return/address")
    String returnAddress(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String address, RedirectAttributes redirect) {
        disputes.confirmReturnAddress(me, id, version, FormInput.text("address", address));
        return done(redirect, id, "confirm-return-address");
    }

    @PostMapping("/{id}/return/shipment")
    String shipReturn(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String carrier,
                      @RequestParam String trackingNumber, @RequestParam(required = false) String shippingCost, RedirectAttributes redirect) {
        DisputeView dispute = disputes.get(me, id);
        disputes.shipReturn(me, id, version, FormInput.text("carrier", carrier), FormInput.text("trackingNumber", trackingNumber),
                FormInput.optionalAmount("shippingCost", shippingCost, dispute.money().currency()));
        return done(redirect, id, "ship-return");
    }

    @PostMapping("/{id}/return/receipt")
    String confirmReceipt(Actor me, @PathVariable UUID id, @RequestParam long version, RedirectAttributes redirect) {
        disputes.confirmReturnReceipt(me, id, version);
        return done(redirect, id, "confirm-return-receipt");
    }

    @PostMapping("/{id}/evidence/{evidenceId}/withdrawal")
    String withdrawEvidence(Actor me, @PathVariable UUID id, @PathVariable UUID evidenceId,
                            @RequestParam(required = false) String reason) {
        evidence.withdraw(me, id, evidenceId, FormInput.optionalText("reason", reason));
        return backTo(id);
    }

    @PostMapping("/{id}/evidence/links")
    String addLink(Actor me, @PathVariable UUID id, @RequestParam String url, @RequestParam String description) {
        evidence.addLink(me, id, Submission.of("link", FormInput.text("description", description), null, null, null),
                FormInput.text("url", url));
        return backTo(id);
    }

    private static boolean isAgent(Actor me) {
        return me.is(Role.AGENT) || me.is(Role.ADMIN);
    }

    /** Back to the dispute, which then says what the step did and what comes next. */
    private static String done(RedirectAttributes redirect, UUID id, String step) {
        redirect.addFlashAttribute("done", step);
        return backTo(id);
    }

    private static String backTo(UUID id) {
        return "redirect:/disputes/" + id;
    }

}
