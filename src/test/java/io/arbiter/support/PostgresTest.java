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

/**
 * Runs the test class against the local PostgreSQL server. Where no server answers, the class is skipped
 * with that reason, except when PostgreSQL is required ({@code -Darbiter.test.require-postgres=true} or
 * {@code CI=true}): then it runs and fails, so CI never passes without PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("postgres")
@ExtendWith(PostgresTest.WhenReachable.class)
public @interface PostgresTest {

    class WhenReachable implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (PostgresDatabase.required()) {
                return ConditionEvaluationResult.enabled("PostgreSQL is required in this build");
            }
            return PostgresDatabase.reachable()
                    ? ConditionEvaluationResult.enabled("PostgreSQL answers at " + PostgresDatabase.URL)
                    : ConditionEvaluationResult.disabled("no PostgreSQL server at " + PostgresDatabase.URL
                    + " (set -Darbiter.test.require-postgres=true to make this a failure)");
        }
    }
}
