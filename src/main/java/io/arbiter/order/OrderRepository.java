package io.arbiter.order;

import java.util.Optional;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

interface OrderRepository extends CrudRepository<Order, String> {

    /** Reads the order and keeps every other change of it waiting until this transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Order> findLockedById(String id);
}
