package io.arbiter.pages;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.servlet.LocaleResolver;

import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;
import io.arbiter.identity.UserDirectory;

/**
 * The language of a page: the one the user picked (kept in the user's record, cached in the session), else the
 * best of the browser's languages we speak, else English.
 */
class UserLocaleResolver implements LocaleResolver {

    private static final String SESSION_KEY = UserLocaleResolver.class.getName() + ".locale";

    private final UserDirectory users;

    UserLocaleResolver(UserDirectory users) {
        this.users = users;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_KEY) instanceof Locale chosen) {
            return chosen;
        }
        Locale chosen = CurrentActor.get().map(Actor::id).flatMap(users::chosenLocale)
                .flatMap(locale -> Languages.supported(locale.toLanguageTag())).orElse(null);
        if (chosen != null) {
            if (session != null) {
                session.setAttribute(SESSION_KEY, chosen);
            }
            return chosen;
        }
        for (Locale wanted : java.util.Collections.list(request.getLocales())) {
            var supported = Languages.supported(wanted.toLanguageTag());
            if (supported.isPresent()) {
                return supported.get();
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        CurrentActor.get().ifPresent(actor -> users.chooseLocale(actor.id(), locale));
        request.getSession().setAttribute(SESSION_KEY, locale);
    }
}
