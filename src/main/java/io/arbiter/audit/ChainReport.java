package io.arbiter.audit;

import java.util.UUID;

/**
 * The verification of one dispute's chain: intact or not, how many entries were checked, the last entry (the
 * head an outsider compares with a case file's manifest), and the first problem found.
 */
public record ChainReport(UUID disputeId, boolean intact, long entries, Long lastSequence, String lastHash,
                          ChainProblem firstProblem) {
}
