package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every word a person can read exists in the five languages: each bundle (pages, notices and e-mails, dispute
 * events) has a file per language with exactly the English base's keys, and every message is a pattern that
 * writes without leftover braces.
 */
class BundlesTests {

    static final List<String> LANGUAGES = List.of("es", "pt", "fr", "ru");
    static final List<String> BUNDLES = List.of("i18n/admin", "i18n/agent", "i18n/common", "i18n/disputes",
            "i18n/orders", "notification/messages", "dispute/events");

    @Test
    void everyBundleOnTheClasspathIsChecked() throws IOException {
        List<String> found = new ArrayList<>();
        for (String folder : List.of("i18n", "notification", "dispute")) {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + folder + "/*.properties")) {
                String name = resource.getFilename();
                if (name != null && !name.matches(".*_[a-z]{2}\\.properties")) {
                    found.add(folder + "/" + name.replace(".properties", ""));
                }
            }
        }

        assertThat(found).containsExactlyInAnyOrderElementsOf(BUNDLES);
    }

    @Test
    void everyLanguageHasEveryKeyOfEveryBundle() throws IOException {
        for (String bundle : BUNDLES) {
            TreeSet<String> english = new TreeSet<>(load(bundle + ".properties").stringPropertyNames());
            for (String language : LANGUAGES) {
                TreeSet<String> translated = new TreeSet<>(load(bundle + "_" + language + ".properties")
                        .stringPropertyNames());
                TreeSet<String> missing = new TreeSet<>(english);
                missing.removeAll(translated);
                TreeSet<String> extra = new TreeSet<>(translated);
                extra.removeAll(english);
                assertThat(missing).as("keys of %s missing in %s", bundle, language).isEmpty();
                assertThat(extra).as("keys of %s only in %s", bundle, language).isEmpty();
            }
        }
    }

    @Test
    void everyTranslationIsTranslatedAndWritesWithoutLeftoverBraces() throws IOException {
        for (String bundle : BUNDLES) {
            for (String language : LANGUAGES) {
                Properties messages = load(bundle + "_" + language + ".properties");
                for (String key : messages.stringPropertyNames()) {
                    String pattern = messages.getProperty(key);
                    assertThat(pattern).as("%s in %s_%s", key, bundle, language).isNotBlank();
                    String written = new MessageFormat(pattern, Locale.forLanguageTag(language))
                            .format(new Object[] {1, 2, 3, 4, 5});
                    assertThat(written).as("%s in %s_%s", key, bundle, language).doesNotContain("{", "}");
                }
            }
        }
    }

    private static Properties load(String path) throws IOException {
        var stream = BundlesTests.class.getClassLoader().getResourceAsStream(path);
        assertThat(stream).as(path).isNotNull();
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
