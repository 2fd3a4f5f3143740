package io.arbiter.pages;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.arbiter.common.InvalidInputException;
import io.arbiter.demo.DemoLogin;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/** Logging in, the start page each role lands on, picking a language, and one's settings (the time zone). */
@Controller
class AccountPages {

    private final UserDirectory users;
    private final ObjectProvider<ClientRegistrationRepository> oidcClients;
    private final UserLocaleResolver locales;
    private final boolean demo;

    AccountPages(UserDirectory users, ObjectProvider<ClientRegistrationRepository> oidcClients,
                 UserLocaleResolver locales,
                 @Value("${arbiter.demo.enabled:false}") boolean demo) {
        this.users = users;
        this.oidcClients = oidcClients;
        this.locales = locales;
        this.demo = demo;
    }

    @GetMapping("/login")
    String login(Model model, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)
                instanceof OAuth2AuthenticationException refused) {
            model.addAttribute("providerRefusal", refused.getError().getDescription());
        }
        List<ClientRegistration> providers = new ArrayList<>();
        if (oidcClients.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(registration -> providers.add((ClientRegistration) registration));
        }
        model.addAttribute("providers", providers);
        model.addAttribute("firstStart", users.nobodyHasAUsername());
        if (demo) {
            List<UserDirectory.User> demoUsers = new ArrayList<>();
            for (Role role : List.of(Role.BUYER, Role.SELLER, Role.AGENT, Role.ADMIN)) {
                users.findByRole(role).stream().filter(user -> user.username() != null).forEach(demoUsers::add);
            }
            model.addAttribute("demoUsers", demoUsers);
            model.addAttribute("demoPassword", DemoLogin.PASSWORD);
        }
        return "login";
    }

    @GetMapping("/")
    String start(Actor me) {
        return switch (me.role()) {
            case BUYER -> "redirect:/orders";
            case SELLER -> "redirect:/disputes";
            case AGENT -> "redirect:/agent";
            case ADMIN -> "redirect:/admin";
            default -> "redirect:/login";
        };
    }

    @PostMapping("/settings/language")
    String language(@RequestParam String language, @RequestParam(defaultValue = "/") String back,
                    HttpServletRequest request, HttpServletResponse response) {
        var locale = Languages.supported(language)
                .orElseThrow(() -> new InvalidInputException("language", "not one of en, es, pt, fr, ru"));
        locales.setLocale(request, response, locale);
        boolean ours = back.startsWith("/") && !back.startsWith("//") && !back.contains("\\");
        return "redirect:" + (ours ? back : "/");
    }

    @GetMapping("/settings")
    String settings(Model model) {
        model.addAttribute("zones", UserDirectory.timeZones());
        model.addAttribute("zone", LocaleContextHolder.getTimeZone().getID());
        return "settings";
    }

    @PostMapping("/settings/time-zone")
    String timeZone(@RequestParam String timeZone, HttpServletRequest request, RedirectAttributes redirect) {
        locales.setZone(request, timeZone);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/settings";
    }
}
