package io.arbiter.order;

import java.util.UUID;

import io.arbiter.common.StateConflictException;

/**
 * The hold on an order's payment. {@code held + refunded + released} always equals what was paid;
 * a hold resolves once, in full, and never while a dispute is open (frozen).
 */
record Escrow(EscrowStatus status, long held, long refunded, long released, UUID openDisputeId, boolean disputed) {

    static Escrow holding(long paid) {
        return new Escrow(EscrowStatus.HELD, paid, 0, 0, null, false);
    }

    boolean frozen() {
        return openDisputeId != null;
    }

    Escrow freezeFor(UUID disputeId) {
        if (frozen()) {
            throw new StateConflictException("this order already has an open dispute (" + openDisputeId + ")");
        }
        if (status != EscrowStatus.HELD || held == 0) {
            throw new StateConflictException("the payment of this order has already been " + status.name().toLowerCase()
                    + "; there is nothing left to dispute");
        }
        return new Escrow(status, held, refunded, released, disputeId, true);
    }

    /** Ends the dispute's freeze and pays out what it decided; (0, 0) leaves the hold in place (reshipment). */
    Escrow settle(UUID disputeId, long refund, long release) {
        if (!disputeId.equals(openDisputeId)) {
            throw new IllegalStateException("dispute " + disputeId + " does not hold order's escrow");
        }
        if (refund < 0 || release < 0 || refund + release > held) {
            throw new IllegalStateException("refund " + refund + " + release " + release + " exceeds held " + held);
        }
        if (refund == 0 && release == 0) {
            return new Escrow(status, held, refunded, released, null, disputed);
        }
        if (refund + release != held) {
            throw new IllegalStateException("a hold resolves in full: refund " + refund + " + release " + release
                    + " must equal held " + held);
        }
        return resolved(refunded + refund, released + release);
    }

    Escrow releaseAll() {
        if (frozen()) {
            throw new StateConflictException("the payment is frozen while dispute " + openDisputeId + " is open");
        }
        if (status != EscrowStatus.HELD) {
            throw new StateConflictException("the payment has already been " + status.name().toLowerCase());
        }
        return resolved(refunded, released + held);
    }

    private Escrow resolved(long totalRefunded, long totalReleased) {
        EscrowStatus next = totalRefunded == 0 ? EscrowStatus.RELEASED
                : totalReleased == 0 ? EscrowStatus.REFUNDED : EscrowStatus.PARTLY_REFUNDED;
        return new Escrow(next, 0, totalRefunded, totalReleased, null, disputed);
    }
}
