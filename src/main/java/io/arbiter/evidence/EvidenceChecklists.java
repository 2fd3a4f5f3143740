package io.arbiter.evidence;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeReason.EvidenceRequirement;
import io.arbiter.dispute.EvidenceChecklist;
import io.arbiter.dispute.Party;

/**
 * Which of a reason's required evidence the buyer has supplied, for the dispute's rules and answers; a withdrawn
 * piece supports nothing.
 */
@Component
class EvidenceChecklists implements EvidenceChecklist {

    private final EvidenceRecords records;

    EvidenceChecklists(EvidenceRecords records) {
        this.records = records;
    }

    @Override
    public Checklist of(UUID disputeId, List<EvidenceRequirement> requirements, int piecesAffected) {
        List<StoredEvidence> buyers = records.ofDispute(disputeId).stream()
                .filter(piece -> piece.suppliedByParty() == Party.BUYER && !piece.withdrawn())
                .toList();
        List<Item> items = requirements.stream().map(requirement -> {
            List<StoredEvidence> supporting = buyers.stream()
                    .filter(piece -> supports(piece, requirement, requirements.size() == 1))
                    .toList();
            long numbered = supporting.stream().map(StoredEvidence::piece).filter(Objects::nonNull)
                    .distinct().count();
            int covered = (int) (numbered == 0 && !supporting.isEmpty() ? 1 : numbered);
            return new Item(requirement.code(), requirement.description(), requirement.acceptedKinds(),
                    !supporting.isEmpty(), covered, supporting.stream().map(StoredEvidence::id).toList());
        }).toList();
        return new Checklist(items, items.stream().allMatch(Item::satisfied));
    }

    /** A piece supports the requirement it names; one naming none counts when the reason asks for one thing only. */
    private static boolean supports(StoredEvidence piece, EvidenceRequirement requirement, boolean onlyRequirement) {
        boolean named = requirement.code().equals(piece.requirement())
                || (piece.requirement() == null && onlyRequirement);
        return named && requirement.acceptedKinds().contains(piece.kind().code());
    }
}
