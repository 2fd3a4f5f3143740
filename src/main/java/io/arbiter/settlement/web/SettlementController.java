package io.arbiter.settlement.web;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.identity.Actor;
import io.arbiter.settlement.MoneyReports;
import io.arbiter.settlement.PayoutView;
import io.arbiter.settlement.Payouts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Money")
class SettlementController {

    private final Payouts payouts;
    private final MoneyReports reports;

    SettlementController(Payouts payouts, MoneyReports reports) {
        this.payouts = payouts;
        this.reports = reports;
    }

    record Failure(@NotBlank @Size(max = 2000) String reason) {
    }

    @GetMapping("/api/v1/orders/{orderId}/money")
    @Operation(summary = "An order's money: paid, held, refunded, released, and its payout instructions")
    MoneyReports.OrderMoney orderMoney(Actor actor, @PathVariable String orderId) {
        return reports.ofOrder(actor, orderId);
    }

    @GetMapping("/api/v1/sellers/{sellerId}/money")
    @Operation(summary = "A seller's released and refunded totals per currency (that seller, admin, integration)")
    MoneyReports.SellerMoney sellerMoney(Actor actor, @PathVariable String sellerId) {
        return reports.ofSeller(actor, sellerId);
    }

    @GetMapping("/api/v1/reconciliation")
    @Operation(summary = "Recompute every balance from the ledger entries and list any mismatch (admin, integration)")
    MoneyReports.Reconciliation reconciliation(Actor actor) {
        return reports.reconcile(actor);
    }

    @GetMapping("/api/v1/payouts")
    @Operation(summary = "Payout instructions, optionally by status: PENDING, SENT, CONFIRMED, FAILED, ESCALATED")
    List<PayoutView> list(Actor actor,
            @RequestParam(required = false) @Pattern(regexp = "PENDING|SENT|CONFIRMED|FAILED|ESCALATED") String status) {
        return payouts.list(actor, status);
    }

    @PostMapping("/api/v1/payouts/{id}/confirm")
    @Operation(summary = "The marketplace confirms that it moved the money (integration); repeating it changes nothing")
    PayoutView confirm(Actor actor, @PathVariable UUID id) {
        return payouts.confirm(actor, id);
    }

    @PostMapping("/api/v1/payouts/{id}/fail")
    @Operation(summary = "The marketplace reports that it could not move the money (integration)")
    PayoutView fail(Actor actor, @PathVariable UUID id, @Valid @RequestBody Failure failure) {
        return payouts.fail(actor, id, failure.reason());
    }

    @PostMapping("/api/v1/admin/payouts/{id}/retry")
    @Operation(summary = "Send a failed or escalated payout instruction again (admin)")
    PayoutView retry(Actor actor, @PathVariable UUID id) {
        return payouts.retry(actor, id);
    }
}
