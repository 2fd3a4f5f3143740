package io.arbiter.dispute.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy file Arbiter cannot run with. Each problem names the file and, where it has one, the line; thrown while
 * the application starts, it stops the start.
 */
public class InvalidPolicyException extends RuntimeException {

    /** A line number of 0 says the problem concerns the file as a whole. */
    public record Problem(int line, String message) {
    }

    private final String location;
    private final List<Problem> problems;
    private final String action;

    public InvalidPolicyException(String location, List<Problem> problems, String action) {
        super(describe(location, problems));
        this.location = location;
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    InvalidPolicyException(String location, List<Problem> problems) {
        this(location, problems, "Fix the policy file " + location + " where the lines above say and start"
                + " Arbiter again. The README (Policy) describes every key; the default policy that ships in the jar"
                + " (classpath:policy/default-policy.yml) is a complete example.");
    }

    public String location() {
        return location;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** What the operator should do about it. */
    public String action() {
        return action;
    }

    private static String describe(String location, List<Problem> problems) {
        return problems.stream()
                .map(problem -> "policy file " + location + (problem.line() > 0 ? ", line " + problem.line() : "")
                        + ": " + problem.message())
                .collect(Collectors.joining("\n"));
    }
}
