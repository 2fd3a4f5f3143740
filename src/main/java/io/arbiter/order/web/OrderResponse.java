package io.arbiter.order.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.arbiter.order.OrderView;

/**
 * An order as the API answers it: every field of {@link OrderView} as before ({@code buyerId} and {@code sellerId}
 * included) and the two parties in the shape {@code PUT /orders/{orderId}} takes them, so that an answer can be sent
 * back as an update.
 */
record OrderResponse(@JsonUnwrapped OrderView order, Party buyer, Party seller) {

    /** A party of the order; its e-mail only for the integration and admins. */
    record Party(String id, String name, String email) {
    }
}
