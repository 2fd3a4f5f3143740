package io.arbiter.settlement;

import java.time.Instant;
import java.util.UUID;


import io.arbiter.common.StateConflictException;

/**
 * An order to the marketplace's payment side to move money: a refund to the buyer or a release to the seller.
 * Booked in the ledger only when confirmed; a failed one waits for an admin, never dropped.
 */
class PayoutInstruction {

    enum Kind { REFUND, RELEASE }

    enum Status {
        /** Written; not yet handed to the payment side (or handed again after a failure). */
        PENDING,
        /** The payment side has it; waiting for its confirmation. */
        SENT,
        /** Money moved; booked in the ledger. Final. */
        CONFIRMED,
        /** The payment side reported that it could not move the money. Waits for an admin. */
        FAILED,
        /** Could not be delivered, or never confirmed, after every retry. Waits for an admin. */
        ESCALATED
    }

    // The state is package-private so that PayoutStore maps it by hand; only the methods below change it.
    UUID id;
    /** Null until the instruction is first written. */
    Long version;
    String orderId;
    UUID disputeId;
    Kind kind;
    String recipientId;
    String sellerId;
    long amount;
    String currency;
    Status status;
    String provider;
    int attempts;
    Instant nextCheckAt;
    String lastError;
    Instant createdAt;
    Instant sentAt;
    Instant confirmedAt;
    Instant failedAt;

    PayoutInstruction() {
    }

    static PayoutInstruction create(String orderId, UUID disputeId, Kind kind, String recipientId, String sellerId,
                                    long amount, String currency, String provider, Instant now) {
        PayoutInstruction instruction = new PayoutInstruction();
        instruction.id = UUID.randomUUID();
        instruction.orderId = orderId;
        instruction.disputeId = disputeId;
        instruction.kind = kind;
        instruction.recipientId = recipientId;
        instruction.sellerId = sellerId;
        instruction.amount = amount;
        instruction.currency = currency;
        instruction.status = Status.PENDING;
        instruction.provider = provider;
        instruction.createdAt = now;
        return instruction;
    }

    /** Returns false when it was confirmed before: a repeated confirmation changes nothing. */
    boolean confirm(Instant now) {
        if (status == Status.CONFIRMED) {
            return false;
        }
        status = Status.CONFIRMED;
        confirmedAt = now;
        nextCheckAt = null;
        lastError = null;
        return true;
    }

    /** Sent again because no confirmation came; {@code attempts} counts the resends. */
    void resent(Instant checkAgainAt) {
        attempts++;
        nextCheckAt = checkAgainAt;
    }

    void fail(String reason, Instant now) {
        if (status == Status.CONFIRMED) {
            throw new StateConflictException("payout " + id + " was already confirmed; it cannot fail now");
        }
        status = Status.FAILED;
        lastError = reason;
        failedAt = now;
        nextCheckAt = null;
    }

    void escalate(String reason, Instant now) {
        if (status == Status.PENDING || status == Status.SENT) {
            status = Status.ESCALATED;
            lastError = reason;
            failedAt = now;
            nextCheckAt = null;
        }
    }

    void retry() {
        if (status != Status.FAILED && status != Status.ESCALATED) {
            throw new StateConflictException("only a failed or escalated payout is retried; this one is " + status);
        }
        status = Status.PENDING;
        attempts = 0;
        nextCheckAt = null;
    }

    PayoutView view() {
        return new PayoutView(id, orderId, disputeId, kind.name(), recipientId, amount, currency, status.name(),
                provider, attempts, lastError, createdAt, sentAt, confirmedAt, failedAt);
    }

    UUID id() { return id; }
    String orderId() { return orderId; }
    Kind kind() { return kind; }
    String recipientId() { return recipientId; }
    long amount() { return amount; }
    String currency() { return currency; }
    Status status() { return status; }
    String provider() { return provider; }
    int attempts() { return attempts; }
}
