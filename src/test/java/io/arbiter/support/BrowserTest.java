package io.arbiter.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test class in Debian's headless Chromium ({@code /usr/bin/chromium} driven by {@code /usr/bin/chromedriver}).
 * Where they are not installed the class is skipped with that reason, except when browser tests are required
 * ({@code -Darbiter.test.require-browser=true}, as {@code .ci/run} sets, or {@code CI=true}): then it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("browser")
@ExtendWith(BrowserTest.WhenInstalled.class)
public @interface BrowserTest {

    class WhenInstalled implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Browser.required()) {
                return ConditionEvaluationResult.enabled("browser tests are required in this build");
            }
            return Files.isExecutable(Path.of(Browser.CHROMIUM)) && Files.isExecutable(Path.of(Browser.CHROMEDRIVER))
                    ? ConditionEvaluationResult.enabled("Chromium is installed")
                    : ConditionEvaluationResult.disabled("no " + Browser.CHROMIUM + " or " + Browser.CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; -Darbiter.test.require-browser=true makes this a failure)");
        }
    }
}
