package io.arbiter.order.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.arbiter.common.PageResult;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.order.OrderView;

/** Adds each order's parties, as the marketplace last sent them, with one lookup per page of orders. */
@Component
class OrderResponses {

    private final UserDirectory users;

    OrderResponses(UserDirectory users) {
        this.users = users;
    }

    OrderResponse of(Actor caller, OrderView order) {
        return of(caller, List.of(order)).get(0);
    }

    PageResult<OrderResponse> of(Actor caller, PageResult<OrderView> page) {
        List<OrderResponse> items = of(caller, page.items());
        return new PageResult<>(items, page.page(), page.size(), page.totalItems());
    }

    private List<OrderResponse> of(Actor caller, List<OrderView> orders) {
        Map<String, UserDirectory.User> parties = users.findByIds(orders.stream()
                .flatMap(order -> Stream.of(order.buyerId(), order.sellerId())).toList());
        // An e-mail is for whoever supplied it (the integration) and admins, not for the other party.
        boolean withEmail = caller.isOneOf(Role.INTEGRATION, Role.ADMIN);
        return orders.stream().map(order -> new OrderResponse(order,
                party(order.buyerId(), parties, withEmail), party(order.sellerId(), parties, withEmail))).toList();
    }

    private static OrderResponse.Party party(String id, Map<String, UserDirectory.User> parties, boolean withEmail) {
        UserDirectory.User user = parties.get(id);
        return user == null ? new OrderResponse.Party(id, null, null)
                : new OrderResponse.Party(id, user.displayName(), withEmail ? user.email() : null);
    }
}
