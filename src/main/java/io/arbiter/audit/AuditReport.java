package io.arbiter.audit;

import java.util.List;

/**
 * The verification of every dispute's chain. {@code brokenChains} holds the first problem of each broken chain
 * (at most {@link AuditTrail#MAX_LISTED} of them, oldest dispute first); {@code firstProblem} is the first of those.
 */
public record AuditReport(boolean intact, long disputesChecked, long entriesChecked, long brokenCount,
                          ChainProblem firstProblem, List<ChainProblem> brokenChains) {
}
