package io.arbiter.dispute;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface DisputeRepository extends CrudRepository<Dispute, UUID> {
}
