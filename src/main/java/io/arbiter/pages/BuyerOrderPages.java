package io.arbiter.pages;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.PageRequest;
import io.arbiter.common.RefusalCode;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.CustomsCause;
import io.arbiter.dispute.Difference;
import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.OpenDispute;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.identity.Actor;
import io.arbiter.messaging.OrderConversation;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/**
 * A buyer's orders (a seller may read its own too), the conversation with the other side, and opening a dispute in
 * steps: reason, the evidence it needs, what is wrong, the resolution wanted, review. The steps carry the draft in
 * the form itself, so nothing is half-written until the buyer submits; evidence is added on the opened dispute
 * (evidence belongs to a dispute), within the evidence due time the page shows.
 */
@Controller
@RequestMapping("/orders")
class BuyerOrderPages {

    static final List<String> STEPS = List.of("reason", "evidence", "describe", "resolution", "review");

    private final OrderService orders;
    private final OrderConversation conversation;
    private final DisputeService disputes;
    private final DisputePolicies policies;
    private final Validator validator;
    private final Clock clock;
    private final Refusals refusals;

    BuyerOrderPages(OrderService orders, OrderConversation conversation, DisputeService disputes,
                    DisputePolicies policies, Validator validator, Clock clock, Refusals refusals) {
        this.clock = clock;
        this.refusals = refusals;
        this.orders = orders;
        this.conversation = conversation;
        this.disputes = disputes;
        this.policies = policies;
        this.validator = validator;
    }

    /** The claim being written, carried from step to step in hidden fields. */
    record Draft(DisputeReason reason, String description, Integer piecesAffected, ResolutionType resolution,
                 String amount, List<String> attribute, List<String> listed, List<String> received,
                 CustomsCause customsCause, String carrierClaimReference, String statement) {
    }

    @GetMapping
    String list(Actor me, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("orders", orders.list(me, null, new PageRequest(page, 20)));
        return "orders/list";
    }

    @GetMapping("/{orderId}")
    String show(Actor me, @PathVariable String orderId, Model model) {
        OrderView order = orders.findVisible(me, orderId);
        model.addAttribute("order", order);
        model.addAttribute("messages", conversation.read(me, orderId));
        return "orders/show";
    }

    @PostMapping("/{orderId}/messages")
    String message(Actor me, @PathVariable String orderId, @RequestParam String text) {
        conversation.post(me, orderId, FormInput.text("text", text));
        return "redirect:/orders/" + orderId + "#conversation";
    }

    @PostMapping("/{orderId}/confirm-receipt")
    String confirmReceipt(Actor me, @PathVariable String orderId) {
        orders.confirmReceipt(me, orderId);
        return "redirect:/orders/" + orderId;
    }

    @GetMapping("/{orderId}/dispute")
    String startDispute(Actor me, @PathVariable String orderId, Model model) {
        return step(me, orderId, "reason", new Draft(null, null, null, null, null, null, null, null, null, null, null),
                null, model);
    }

    @PostMapping("/{orderId}/dispute")
    String continueDispute(Actor me, @PathVariable String orderId, @ModelAttribute Draft draft,
                           @RequestParam String step, @RequestParam(defaultValue = "next") String go, Model model,
                           RedirectAttributes redirect) {
        int at = STEPS.indexOf(step);
        if (at < 0) {
            throw new InvalidInputException("step", "one of " + STEPS);
        }
        if ("back".equals(go)) {
            return step(me, orderId, STEPS.get(Math.max(at - 1, 0)), draft, null, model);
        }
        OrderView order = orders.findVisible(me, orderId);
        try {
            if ("submit".equals(go)) {
                DisputeView opened = disputes.open(me, claim(order, draft));
                redirect.addFlashAttribute("filed", true);
                return "redirect:/disputes/" + opened.id() + "#evidence";
            }
            check(step, draft, order);
            if ("reason".equals(step) && !disputes.reasonsFor(me, orderId).containsKey(draft.reason())) {
                throw new RuleViolationException("reason", "this reason does not fit the order's shipping state");
            }
            return step(me, orderId, STEPS.get(Math.min(at + 1, STEPS.size() - 1)), draft, null, model);
        } catch (InvalidInputException | RuleViolationException | StateConflictException refused) {
            return step(me, orderId, step, draft, refusals.say(refused), model);
        }
    }

    private String step(Actor me, String orderId, String step, Draft draft, String problem, Model model) {
        DisputePolicy policy = policies.inForce();
        OrderView order = orders.findVisible(me, orderId);
        model.addAttribute("order", order);
        model.addAttribute("step", step);
        model.addAttribute("steps", STEPS);
        model.addAttribute("draft", draft);
        model.addAttribute("reasons", disputes.reasonsFor(me, orderId));
        model.addAttribute("rules", draft.reason() == null ? null : policy.reasons().get(draft.reason()));
        // The evidence due time the dispute will have if filed now, as its page will then show it.
        model.addAttribute("evidenceDueAt", draft.reason() == null || !policy.offers(draft.reason()) ? null
                : policy.evidenceDue(draft.reason(), clock.instant(), order.shipment().deliveredAt()));
        model.addAttribute("evidenceMissing", policy.outcomes().evidenceMissing());
        model.addAttribute("customsCauses", CustomsCause.values());
        if (problem != null) {
            model.addAttribute("problem", problem);
        }
        return "orders/open-dispute";
    }

    private void check(String step, Draft draft, OrderView order) {
        switch (step) {
            case "reason" -> {
                if (draft.reason() == null) {
                    throw new InvalidInputException("reason", "pick a reason");
                }
            }
            case "describe" -> {
                FormInput.text("description", draft.description());
                if (draft.piecesAffected() == null || draft.piecesAffected() < 1
                        || draft.piecesAffected() > order.pieces()) {
                    throw new InvalidInputException("piecesAffected", "between 1 and " + order.pieces());
                }
            }
            case "resolution" -> {
                if (draft.resolution() == null) {
                    throw new InvalidInputException("resolution", "pick a resolution");
                }
                if (draft.resolution() == ResolutionType.PARTIAL_REFUND) {
                    FormInput.amount("amount", draft.amount(), order.currency());
                }
            }
            default -> {
            }
        }
    }

    private OpenDispute claim(OrderView order, Draft draft) {
        Long amount = draft.resolution() == ResolutionType.PARTIAL_REFUND
                ? Long.valueOf(FormInput.amount("amount", draft.amount(), order.currency())) : null;
        List<Difference> differences = new ArrayList<>();
        int rows = draft.listed() == null ? 0 : draft.listed().size();
        for (int row = 0; row < rows; row++) {
            String listed = FormInput.optionalText("listed", draft.listed().get(row));
            String received = FormInput.optionalText("received", at(draft.received(), row));
            if (listed != null || received != null) {
                differences.add(new Difference(FormInput.optionalText("attribute", at(draft.attribute(), row)), listed,
                        received));
            }
        }
        OpenDispute claim = new OpenDispute(order.id(), draft.reason(),
                FormInput.optionalText("description", draft.description()),
                draft.piecesAffected(), new OpenDispute.Resolution(draft.resolution(), amount, null),
                differences.isEmpty() ? null : differences, FormInput.optionalText("statement", draft.statement()),
                draft.customsCause(), FormInput.optionalText("carrierClaimReference", draft.carrierClaimReference()));
        Set<ConstraintViolation<OpenDispute>> violations = validator.validate(claim);
        if (!violations.isEmpty()) {
            ConstraintViolation<OpenDispute> first = violations.iterator().next();
            boolean blank = first.getConstraintDescriptor().getAnnotation() instanceof NotBlank;
            throw new InvalidInputException(first.getPropertyPath().toString(), first.getMessage(),
                    blank ? RefusalCode.BLANK_TEXT : null);
        }
        return claim;
    }

    private static String at(List<String> values, int index) {
        return values == null || index >= values.size() ? null : values.get(index);
    }
}
