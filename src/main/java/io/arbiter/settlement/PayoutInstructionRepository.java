package io.arbiter.settlement;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface PayoutInstructionRepository extends CrudRepository<PayoutInstruction, UUID> {

    List<PayoutInstruction> findByOrderIdOrderByCreatedAt(String orderId);

    List<PayoutInstruction> findByDisputeIdOrderByCreatedAt(UUID disputeId);

    @Query("select * from payout_instruction where status = 'SENT' and next_check_at <= :now order by next_check_at")
    List<PayoutInstruction> findUnconfirmedDueBy(java.time.Instant now);
}
