package io.arbiter.pages;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages the pages speak; anything else falls back to English. */
public final class Languages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"),
            Locale.forLanguageTag("pt"), Locale.FRENCH, Locale.forLanguageTag("ru"));

    private Languages() {
    }

    /** The supported language matching a tag (a region is ignored: pt-BR speaks pt). */
    public static Optional<Locale> supported(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.trim()).getLanguage();
        return SUPPORTED.stream().filter(locale -> locale.getLanguage().equals(language)).findFirst();
    }
}
