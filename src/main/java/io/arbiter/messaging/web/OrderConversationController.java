package io.arbiter.messaging.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.identity.Actor;
import io.arbiter.messaging.OrderConversation;
import io.arbiter.messaging.OrderMessage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Orders")
class OrderConversationController {

    private final OrderConversation conversation;

    OrderConversationController(OrderConversation conversation) {
        this.conversation = conversation;
    }

    record NewMessage(@NotBlank @Size(max = OrderConversation.MAX_LENGTH) String text) {
    }

    @GetMapping("/api/v1/orders/{orderId}/messages")
    @Operation(summary = "The conversation between buyer and seller on an order")
    List<OrderMessage> read(Actor actor, @PathVariable String orderId) {
        return conversation.read(actor, orderId);
    }

    @PostMapping("/api/v1/orders/{orderId}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Write to the other party of an order (buyer or seller)")
    OrderMessage post(Actor actor, @PathVariable String orderId, @Valid @RequestBody NewMessage message) {
        return conversation.post(actor, orderId, message.text());
    }
}
