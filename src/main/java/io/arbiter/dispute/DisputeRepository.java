package io.arbiter.dispute;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

interface DisputeRepository extends CrudRepository<Dispute, UUID> {

    /** Reads the dispute and keeps every other change of it waiting until this transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Dispute> findLockedById(UUID id);
}
