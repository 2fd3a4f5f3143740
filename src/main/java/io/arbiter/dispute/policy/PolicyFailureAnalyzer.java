package io.arbiter.dispute.policy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused policy file into Spring Boot's short start-up failure report: the problems and what to do. */
class PolicyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPolicyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPolicyException cause) {
        return new FailureAnalysis("Arbiter cannot start with this policy:\n" + cause.getMessage(), cause.action(),
                cause);
    }
}
