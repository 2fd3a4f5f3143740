package io.arbiter.pages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.deadline.DemoTime;
import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.settlement.MoneyReports;
import io.arbiter.settlement.Payouts;
import io.arbiter.webhook.NewWebhookEndpoint;
import io.arbiter.webhook.Webhooks;

/**
 * The admin's pages: the policy in force, users, webhook endpoints with their delivery log, reconciliation of the
 * ledger with the payouts, and (in demo mode only) the demo clock.
 */
@Controller
@RequestMapping("/admin")
class AdminPages {

    private final DisputePolicies policies;
    private final UserDirectory users;
    private final Webhooks webhooks;
    private final MoneyReports money;
    private final Payouts payouts;
    private final ObjectProvider<DemoTime> demoTime;

    AdminPages(DisputePolicies policies, UserDirectory users, Webhooks webhooks, MoneyReports money, Payouts payouts,
               ObjectProvider<DemoTime> demoTime) {
        this.policies = policies;
        this.users = users;
        this.webhooks = webhooks;
        this.money = money;
        this.payouts = payouts;
        this.demoTime = demoTime;
    }

    /** The policy in force: the landing page of the admin's sections. */
    @GetMapping({"", "/policy"})
    String policy(Model model) {
        DisputePolicy policy = policies.inForce();
        model.addAttribute("policy", policy);
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("sellerResponse", policy.sellerResponse());
        windows.put("buyerResponse", policy.buyerResponse());
        windows.put("evidence", policy.evidence());
        windows.put("returnAddress", policy.returnAddress());
        windows.put("returnShipment", policy.returnShipment());
        windows.put("returnReceipt", policy.returnReceipt());
        windows.put("informationRequest", policy.informationRequest());
        windows.put("agentReview", policy.agentReview());
        windows.put("buyerProtection", policy.buyerProtection());
        model.addAttribute("windows", windows);
        return section("policy", model);
    }

    @GetMapping("/users")
    String users(Model model) {
        List<UserDirectory.User> everyone = new ArrayList<>();
        for (Role role : List.of(Role.ADMIN, Role.AGENT, Role.SELLER, Role.BUYER)) {
            everyone.addAll(users.findByRole(role));
        }
        model.addAttribute("users", everyone);
        return section("users", model);
    }

    @GetMapping("/webhooks")
    String webhooks(Actor me, Model model) {
        model.addAttribute("webhooks", webhooks.list(me));
        model.addAttribute("eventTypes", webhooks.eventTypes());
        return section("webhooks", model);
    }

    @GetMapping("/reconciliation")
    String reconciliation(Actor me, Model model) {
        model.addAttribute("reconciliation", money.reconcile(me));
        List<Object> attention = new ArrayList<>(payouts.list(me, "FAILED"));
        attention.addAll(payouts.list(me, "ESCALATED"));
        model.addAttribute("payoutsNeedingAttention", attention);
        return section("reconciliation", model);
    }

    /** Demo mode only: without the demo clock there is no such page. */
    @GetMapping("/clock")
    String clock(Model model) {
        DemoTime clock = demoTime.getIfAvailable();
        if (clock == null) {
            throw new NotFoundException("page", "/admin/clock");
        }
        model.addAttribute("demoClock", clock.now());
        return section("clock", model);
    }

    /** The one section shown, and the navigation to every other (the clock only in demo mode). */
    private String section(String name, Model model) {
        List<String> sections = new ArrayList<>(List.of("policy", "users", "webhooks", "reconciliation"));
        if (demoTime.getIfAvailable() != null) {
            sections.add("clock");
        }
        model.addAttribute("sections", sections);
        model.addAttribute("section", name);
        return "admin/overview";
    }

    @PostMapping("/users")
    String createUser(@RequestParam String id, @RequestParam String username, @RequestParam String password,
                      @RequestParam Role role, @RequestParam String displayName,
                      @RequestParam(required = false) String email) {
        if (password == null || password.length() < 8) {
            throw new InvalidInputException("password", "at least 8 characters");
        }
        users.createUser(FormInput.text("id", id), FormInput.text("username", username), password, role,
                FormInput.text("displayName", displayName), FormInput.optionalText("email", email));
        return "redirect:/admin/users";
    }

    @PostMapping("/webhooks")
    String addWebhook(Actor me, @RequestParam String url, @RequestParam(required = false) List<String> eventTypes,
                      @RequestParam(required = false) String description, RedirectAttributes redirect) {
        NewWebhookEndpoint created = webhooks.register(me, url, eventTypes, FormInput.optionalText("description", description));
        redirect.addFlashAttribute("newSecret", created.secret());
        return "redirect:/admin/webhooks/" + created.id();
    }

    @GetMapping("/webhooks/{id}")
    String webhook(Actor me, @PathVariable UUID id, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("endpoint", webhooks.get(me, id));
        model.addAttribute("deliveries", webhooks.deliveries(me, id, new PageRequest(page, 25)));
        return "admin/webhook";
    }

    @PostMapping("/webhooks/{id}/disable")
    String disableWebhook(Actor me, @PathVariable UUID id) {
        webhooks.disable(me, id);
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/webhooks/{id}/enable")
    String enableWebhook(Actor me, @PathVariable UUID id) {
        webhooks.enable(me, id);
        return "redirect:/admin/webhooks/" + id;
    }

    /** Demo mode only: there is no DemoTime bean otherwise, and the form is not shown. */
    @PostMapping("/clock")
    String moveClock(@RequestParam int hours) {
        DemoTime clock = demoTime.getIfAvailable();
        if (clock == null) {
            throw new InvalidInputException("hours", "the clock can be moved only in demo mode");
        }
        if (hours < 1 || hours > 24 * 60) {
            throw new InvalidInputException("hours", "between 1 and 1440 hours");
        }
        clock.advance(Duration.ofHours(hours));
        return "redirect:/admin/clock";
    }
}
