package io.arbiter.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.DisputeSummary;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/**
 * The item each dispute in a list is about, its title and picture, so that people recognise their disputes by what
 * they bought or sold rather than by an order number. Used from templates as {@code ${@listings.of(items)}}.
 */
@Component("listings")
class Listings {

    /** The first line of an order: its title, and its first picture Arbiter serves itself (null if none). */
    public record Item(String title, String picture) {
    }

    private final OrderService orders;

    Listings(OrderService orders) {
        this.orders = orders;
    }

    /** By order id; orders that no longer exist or have no lines are left out. */
    public Map<String, Item> of(List<DisputeSummary> disputes) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (DisputeSummary dispute : disputes) {
            orders.find(dispute.orderId()).filter(order -> !order.lines().isEmpty()).ifPresent(order -> {
                OrderView.Line line = order.lines().get(0);
                items.put(order.id(), new Item(line.title(), DisputePages.ownPicture(line.imageUrls())));
            });
        }
        return items;
    }
}
