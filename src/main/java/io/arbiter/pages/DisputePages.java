package io.arbiter.pages;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.arbiter.common.PageRequest;
import io.arbiter.dispute.DisputeFilter;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeStatus;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.Terms;
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
        model.addAttribute("evidence", evidence.list(me, id));
        model.addAttribute("timeline", formats.timeline(dispute));
        model.addAttribute("offerTypes", ResolutionType.values());
        return dispute;
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
                  @RequestParam(required = false) String returnAddress) {
        disputes.acceptOffer(me, id, version, offerId, sellerPaysReturnShipping, FormInput.optionalText("returnAddress", returnAddress));
        return backTo(id);
    }

    @PostMapping("/{id}/decline")
    String decline(Actor me, @PathVariable UUID id, @RequestParam long version,
                   @RequestParam(required = false) UUID offerId, @RequestParam(required = false) String note) {
        disputes.declineOffer(me, id, version, offerId, FormInput.optionalText("note", note));
        return backTo(id);
    }

    @PostMapping("/{id}/offer")
    String offer(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam ResolutionType type,
                 @RequestParam(required = false) String amount, @RequestParam(required = false) String note,
                 @RequestParam(defaultValue = "false") boolean sellerPaysReturnShipping) {
        DisputeView dispute = disputes.get(me, id);
        Long minor = type == ResolutionType.PARTIAL_REFUND
                ? Long.valueOf(FormInput.amount("amount", amount, dispute.money().currency())) : null;
        disputes.makeOffer(me, id, version, new Terms(type, minor, sellerPaysReturnShipping), FormInput.optionalText("note", note));
        return backTo(id);
    }

    @PostMapping("/{id}/contest")
    String contest(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String statement) {
        disputes.contest(me, id, version, FormInput.text("statement", statement));
        return backTo(id);
    }

    @PostMapping("/{id}/private-limit")
    String privateLimit(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String amount) {
        DisputeView dispute = disputes.get(me, id);
        disputes.statePrivateLimit(me, id, version, FormInput.amount("amount", amount, dispute.money().currency()));
        return backTo(id);
    }

    @PostMapping("/{id}/escalate")
    String escalate(Actor me, @PathVariable UUID id, @RequestParam long version,
                    @RequestParam(required = false) String reason) {
        disputes.escalate(me, id, version, FormInput.optionalText("reason", reason));
        return backTo(id);
    }

    @PostMapping("/{id}/withdraw")
    String withdraw(Actor me, @PathVariable UUID id, @RequestParam long version,
                    @RequestParam(required = false) String reason) {
        disputes.withdraw(me, id, version, FormInput.optionalText("reason", reason));
        return backTo(id);
    }

    @PostMapping("/{id}/messages")
    String message(Actor me, @PathVariable UUID id, @RequestParam String text) {
        disputes.sendMessage(me, id, FormInput.text("text", text));
        return isAgent(me) ? "redirect:/agent/disputes/" + id : backTo(id);
    }

    @PostMapping("/{id}/information-response")
    String respond(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String text) {
        disputes.respondToInformationRequest(me, id, version, FormInput.text("text", text));
        return backTo(id);
    }

    @PostMapping("/{id}/suggestion/accept")
    String acceptSuggestion(Actor me, @PathVariable UUID id, @RequestParam long version) {
        disputes.acceptSuggestion(me, id, version);
        return backTo(id);
    }

    @PostMapping("/{id}/return/address")
    String returnAddress(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String address) {
        disputes.confirmReturnAddress(me, id, version, FormInput.text("address", address));
        return backTo(id);
    }

    @PostMapping("/{id}/return/shipment")
    String shipReturn(Actor me, @PathVariable UUID id, @RequestParam long version, @RequestParam String carrier,
                      @RequestParam String trackingNumber, @RequestParam(required = false) String shippingCost) {
        DisputeView dispute = disputes.get(me, id);
        disputes.shipReturn(me, id, version, FormInput.text("carrier", carrier), FormInput.text("trackingNumber", trackingNumber),
                FormInput.optionalAmount("shippingCost", shippingCost, dispute.money().currency()));
        return backTo(id);
    }

    @PostMapping("/{id}/return/receipt")
    String confirmReceipt(Actor me, @PathVariable UUID id, @RequestParam long version) {
        disputes.confirmReturnReceipt(me, id, version);
        return backTo(id);
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

    private static String backTo(UUID id) {
        return "redirect:/disputes/" + id;
    }

}
