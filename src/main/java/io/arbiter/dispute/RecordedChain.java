package io.arbiter.dispute;

import java.util.List;
import java.util.UUID;

/**
 * A dispute's event chain with what its row says: the head (the last entry's sequence and hash) and the facts the
 * events must bear out, read together in one statement so that a check beside live changes sees one state.
 */
public record RecordedChain(UUID disputeId, long headSequence, String headHash, Facts facts,
                            List<RecordedEvent> events) {

    /** What the dispute row states about who, what was claimed and how it ended. */
    public record Facts(String orderId, String buyerId, String sellerId, String currency, String claimType,
                        Long claimAmount, String status, boolean closed, String outcomeType, Long refundToBuyer,
                        Long releaseToSeller) {
    }
}
