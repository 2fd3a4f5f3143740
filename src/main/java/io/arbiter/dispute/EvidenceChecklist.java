package io.arbiter.dispute;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.arbiter.dispute.DisputeReason.EvidenceRequirement;

/**
 * Which of the evidence a dispute's reason requires has been supplied. Implemented by the evidence module, so
 * that the lifecycle (escalation, the evidence due time) and dispute responses can use it without the dispute
 * module depending on it.
 */
public interface EvidenceChecklist {

    /**
     * @param requirements what the dispute's reason asks of the buyer, as the policy it was opened under says
     * @param piecesAffected how many pieces the buyer said are affected; evidence should cover as many as possible
     */
    Checklist of(UUID disputeId, List<EvidenceRequirement> requirements, int piecesAffected);

    /** {@code complete} when every requirement is satisfied (always, for a reason that requires nothing). */
    record Checklist(List<Item> items, boolean complete) {
    }

    /**
     * One requirement: satisfied by at least one piece the buyer supplied for it, of an accepted kind, not
     * withdrawn. {@code piecesCovered} counts the distinct piece numbers its evidence shows.
     */
    record Item(String code, String description, Set<String> acceptedKinds, boolean satisfied, int piecesCovered,
                List<UUID> evidenceIds) {
    }
}
