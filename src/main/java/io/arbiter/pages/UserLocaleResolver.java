package io.arbiter.pages;

import java.time.ZoneId;
import java.util.Locale;
import java.util.TimeZone;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.web.servlet.LocaleContextResolver;

import io.arbiter.identity.Actor;
import io.arbiter.identity.CurrentActor;
import io.arbiter.identity.UserDirectory;

/**
 * The language of a page: the one the user picked (kept in the user's record, cached in the session), else the
 * best of the browser's languages we speak, else English. Its time zone: the one the user picked, else the
 * marketplace's ({@code arbiter.pages.time-zone}).
 */
class UserLocaleResolver implements LocaleContextResolver {

    private static final String SESSION_KEY = UserLocaleResolver.class.getName() + ".locale";
    private static final String ZONE_KEY = UserLocaleResolver.class.getName() + ".zone";

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
    public LocaleContext resolveLocaleContext(HttpServletRequest request) {
        return new TimeZoneAwareLocaleContext() {
            private Locale locale;
            private TimeZone zone;

            @Override
            public Locale getLocale() {
                if (locale == null) {
                    locale = resolveLocale(request);
                }
                return locale;
            }

            @Override
            public TimeZone getTimeZone() {
                if (zone == null) {
                    zone = TimeZone.getTimeZone(resolveZone(request));
                }
                return zone;
            }
        };
    }

    private ZoneId resolveZone(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(ZONE_KEY) instanceof ZoneId chosen) {
            return chosen;
        }
        ZoneId zone = CurrentActor.get().map(Actor::id).map(users::zoneOf).orElse(users.marketplaceZone());
        if (session != null && CurrentActor.get().isPresent()) {
            session.setAttribute(ZONE_KEY, zone);
        }
        return zone;
    }

    @Override
    public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext context) {
        if (context != null && context.getLocale() != null) {
            setLocale(request, response, context.getLocale());
        }
    }

    /** Records the zone the user picked (refused unless an IANA zone id) and reads pages in it from now on. */
    void setZone(HttpServletRequest request, String zone) {
        CurrentActor.get().ifPresent(actor -> users.chooseTimeZone(actor.id(), zone));
        request.getSession().setAttribute(ZONE_KEY, ZoneId.of(zone));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        CurrentActor.get().ifPresent(actor -> users.chooseLocale(actor.id(), locale));
        request.getSession().setAttribute(SESSION_KEY, locale);
    }
}
