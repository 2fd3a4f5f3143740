package io.arbiter.order;

import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface OrderRepository extends CrudRepository<Order, String> {

    /**
     * Reads the order and keeps every other change of it waiting until this transaction ends. Written out rather
     * than derived: a derived query builds its SQL again on every call (deadline firings call it twice each).
     */
    @Query("select * from marketplace_order where id = :id for update")
    Optional<Order> findLockedById(String id);
}
