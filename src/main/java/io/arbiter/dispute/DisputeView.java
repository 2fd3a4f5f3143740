package io.arbiter.dispute;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.arbiter.messaging.OrderMessage;
import io.arbiter.order.OrderView;

/**
 * A dispute as one caller sees it: its status, whose move it is, what the caller may do now and by
 * when (and what it would do but for something missing), the claim beside the listing it is judged against, and the ordered timeline. Private limits
 * show only to the side that stated them (and to agents).
 */
public record DisputeView(
        UUID id,
        long version,
        String orderId,
        DisputeStatus status,
        Party whoseMove,
        Instant dueAt,
        List<DisputeAction> allowedActions,
        List<BlockedAction> blockedActions,
        Party yourRole,
        Claim claim,
        Money money,
        Negotiation negotiation,
        Review review,
        Outcome outcome,
        SettlementProgress.Settlement settlement,
        ReturnShipment returnShipment,
        OrderView order,
        List<OrderMessage> orderConversation,
        List<TimelineEntry> timeline,
        Instant openedAt,
        Instant closedAt) {

    public record Claim(DisputeReason reason, String reasonLabel, String description, int piecesAffected,
                        int piecesOrdered, Terms requested, List<Difference> differences, String statement,
                        CustomsCause customsCause, String carrierClaimReference,
                        List<DisputeReason.EvidenceRequirement> evidenceRequired,
                        EvidenceChecklist.Checklist evidence, Instant evidenceDueAt, String policyVersion) {
    }

    public record Money(String currency, long held) {
    }

    public record Negotiation(OfferView openOffer, boolean negotiationFailed, boolean contested,
                              String contestStatement, Instant contestedAt, PrivateLimits privateLimits) {
    }

    public record OfferView(UUID id, Party madeBy, Terms terms, String note, Instant madeAt) {
    }

    /** Amounts each side privately said it would accept; null where the viewer may not see it. */
    public record PrivateLimits(Long buyerLeastRefund, Long sellerMostRefund) {
    }

    /** {@code overdue}: the review due time passed and no agent has acted since; the case is flagged in the queue. */
    public record Review(Instant escalatedAt, Party escalatedBy, String assignedAgentId, Instant reviewDueAt,
                         InformationRequest informationRequest, SuggestionView suggestion, boolean overdue) {
    }

    public record SuggestionView(Terms terms, String reasons, boolean buyerAccepted, boolean sellerAccepted,
                                 Instant postedAt) {
    }

    /** The agreed or decided terms, and once the dispute is closed the exact money outcome. */
    public record Outcome(Terms terms, SettledBy settledBy, String reasons, Instant settledAt, Long refundToBuyer,
                          Long releaseToSeller, Long returnShippingReimbursement) {
    }
}
