package io.arbiter.settlement;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface PayoutInstructionRepository extends CrudRepository<PayoutInstruction, UUID> {

    // Written out rather than derived: a derived query builds its SQL again on every call (deadline firings).
    @Query("select * from payout_instruction where order_id = :orderId order by created_at")
    List<PayoutInstruction> findByOrderIdOrderByCreatedAt(String orderId);

    @Query("select * from payout_instruction where dispute_id = :disputeId order by created_at")
    List<PayoutInstruction> findByDisputeIdOrderByCreatedAt(UUID disputeId);

    /** Locks the instruction's row until the transaction ends: confirmations and failures of it queue up. */
    @Query("select * from payout_instruction where id = :id for update")
    Optional<PayoutInstruction> lockById(UUID id);

    @Query("select * from payout_instruction where status = 'SENT' and next_check_at <= :now order by next_check_at")
    List<PayoutInstruction> findUnconfirmedDueBy(java.time.Instant now);
}
