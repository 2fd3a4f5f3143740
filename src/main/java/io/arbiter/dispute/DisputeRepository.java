package io.arbiter.dispute;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface DisputeRepository extends CrudRepository<Dispute, UUID> {

    /**
     * Reads the dispute and keeps every other change of it waiting until this transaction ends. Written out rather
     * than derived: a derived query builds its SQL again on every call (deadline firings call it twice each).
     */
    @Query("select * from dispute where id = :id for update")
    Optional<Dispute> findLockedById(UUID id);
}
