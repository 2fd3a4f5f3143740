package io.arbiter.order.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.identity.Actor;
import io.arbiter.order.EscrowStatus;
import io.arbiter.order.ImportOrder;
import io.arbiter.order.OrderService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderController {

    private final OrderService orders;
    private final OrderResponses responses;
    private final TransactionTemplate transaction;

    OrderController(OrderService orders, OrderResponses responses, PlatformTransactionManager transactions) {
        this.orders = orders;
        this.responses = responses;
        this.transaction = new TransactionTemplate(transactions);
    }

    @PutMapping("/{orderId}")
    @Operation(summary = "Create or update an order by the marketplace's order id (integration only)")
    ResponseEntity<OrderResponse> importOrder(Actor actor,
            @PathVariable @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+") String orderId,
            @Valid @RequestBody ImportOrder request) {
        // The answer names the parties the import has just looked up: in the import's transaction, from memory.
        return transaction.execute(status -> {
            OrderService.ImportResult result = orders.importOrder(actor, orderId, request);
            return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(responses.of(actor, result.order()));
        });
    }

    @PostMapping("/{orderId}/tracking-events")
    @Operation(summary = "Report one tracking event of the order's shipment (integration only)")
    OrderResponse track(Actor actor, @PathVariable String orderId,
                        @Valid @RequestBody ImportOrder.TrackingUpdate update) {
        return responses.of(actor, orders.addTrackingEvent(actor, orderId, update));
    }

    @GetMapping
    @Operation(summary = "List the caller's orders (buyers and sellers: their own; admin and integration: all)")
    PageResult<OrderResponse> list(Actor actor, @RequestParam(required = false) EscrowStatus escrowStatus,
                                   @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "20") int size) {
        return responses.of(actor, orders.list(actor, escrowStatus, new PageRequest(page, size)));
    }

    @GetMapping("/{orderId}")
    OrderResponse get(Actor actor, @PathVariable String orderId) {
        return responses.of(actor, orders.findVisible(actor, orderId));
    }

    @PostMapping("/{orderId}/confirm-receipt")
    @Operation(summary = "The buyer confirms the order arrived as expected; the payment is released to the seller")
    OrderResponse confirmReceipt(Actor actor, @PathVariable String orderId) {
        return responses.of(actor, orders.confirmReceipt(actor, orderId));
    }
}
