package io.arbiter.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.arbiter.evidence.inspection.HeifSamples;

/**
 * Runs the test class with libheif's tools ({@code heif-enc} to make HEIC photos, {@code heif-convert} to decode them;
 * Debian's libheif-examples). Where they are not installed the class is skipped with that reason, except when HEIF
 * tests are required ({@code -Darbiter.test.require-heif=true}, as {@code .ci/run} sets, or {@code CI=true}): then it
 * runs and fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("heif")
@ExtendWith(HeifTest.WhenInstalled.class)
public @interface HeifTest {

    class WhenInstalled implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Boolean.getBoolean("arbiter.test.require-heif") || "true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("HEIF tests are required in this build");
            }
            return HeifSamples.installed() ? ConditionEvaluationResult.enabled("libheif's tools are installed")
                    : ConditionEvaluationResult.disabled("no heif-enc or heif-convert (apt-get install"
                    + " libheif-examples; -Darbiter.test.require-heif=true makes this a failure)");
        }
    }
}
