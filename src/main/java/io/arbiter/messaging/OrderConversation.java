package io.arbiter.messaging;

import io.arbiter.common.SqlTime;

import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/** Messages between the buyer and the seller of one order. Messages are appended, never edited. */
@Service
public class OrderConversation {

    public static final int MAX_LENGTH = 5000;

    private final JdbcClient jdbc;
    private final OrderService orders;
    private final UserDirectory users;
    private final Clock clock;

    OrderConversation(JdbcClient jdbc, OrderService orders, UserDirectory users, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.users = users;
        this.clock = clock;
    }

    @Transactional
    public OrderMessage post(Actor actor, String orderId, String text) {
        OrderView order = orders.findVisible(actor, orderId);
        boolean party = actor.id().equals(order.buyerId()) || actor.id().equals(order.sellerId());
        if (!party || !actor.isOneOf(Role.BUYER, Role.SELLER)) {
            throw new ForbiddenException("only the buyer and the seller write in an order's conversation");
        }
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw new InvalidInputException("text", "a message has 1 to " + MAX_LENGTH + " characters");
        }
        var now = clock.instant();
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into order_message (order_id, sender_id, sender_role, text, sent_at)
                values (:order, :sender, :role, :text, :now)""")
                .param("order", orderId).param("sender", actor.id()).param("role", actor.role().name())
                .param("text", text.strip()).param("now", SqlTime.of(now))
                .update(key, "id");
        long id = key.getKeyAs(Number.class).longValue();
        return new OrderMessage(id, orderId, actor.id(), actor.role(), users.displayName(actor.id()), text.strip(), now);
    }

    public List<OrderMessage> read(Actor actor, String orderId) {
        orders.findVisible(actor, orderId);
        return thread(orderId);
    }

    /** For the dispute record: the whole thread, oldest first. Callers have checked who may see it. */
    public List<OrderMessage> thread(String orderId) {
        return jdbc.sql("""
                select id, order_id, sender_id, sender_role, text, sent_at
                from order_message where order_id = :order order by id""")
                .param("order", orderId)
                .query((rs, row) -> new OrderMessage(rs.getLong("id"), rs.getString("order_id"),
                        rs.getString("sender_id"), Role.valueOf(rs.getString("sender_role")),
                        users.displayName(rs.getString("sender_id")), rs.getString("text"), rs.getTimestamp("sent_at").toInstant()))
                .list();
    }

}
