package io.arbiter.dispute;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How far the money outcome of a dispute has been carried out. Implemented by the module that executes payouts,
 * so that dispute responses can show it without the dispute module depending on it.
 */
public interface SettlementProgress {

    Optional<Settlement> of(UUID disputeId);

    /**
     * @param state {@code SETTLED} when every payout is confirmed, {@code IN_PROGRESS} while any waits for the
     *              payment side, {@code NEEDS_ATTENTION} when one failed or was escalated to an admin
     */
    record Settlement(String state, List<Payout> payouts) {
    }

    record Payout(UUID id, String kind, long amount, String currency, String status, Instant confirmedAt) {
    }
}
