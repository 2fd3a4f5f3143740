package io.arbiter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs axe-core (the axe.min.js that com.deque.html.axe-core:selenium ships) on the page a {@link Browser} shows,
 * with the WCAG 2.0, 2.1 and 2.2 rules of levels A and AA, and answers each violation as "rule: help (selectors)".
 */
public final class Axe {

    private static final String SOURCE = read();

    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
              .then(function (results) {
                done(results.violations.map(function (v) {
                  return v.id + ': ' + v.help + ' (' + v.nodes.map(function (n) { return n.target.join(' '); })
                      .join(', ') + ')';
                }));
              })
              .catch(function (e) { done(['axe failed: ' + e]); });""";

    private Axe() {
    }

    @SuppressWarnings("unchecked")
    public static List<String> violations(Browser browser) {
        browser.script(SOURCE);
        Object result = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(RUN);
        return result instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(result));
    }

    private static String read() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
