package io.arbiter.settlement;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.NotFoundException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.order.OrderService;
import io.arbiter.order.OrderView;

/** Where the money is: per order, per seller, and the reconciliation that recomputes it all from the entries. */
@Service
@Transactional(readOnly = true)
public class MoneyReports {

    private final Ledger ledger;
    private final Payouts payouts;
    private final OrderService orders;
    private final JdbcClient jdbc;
    private final Clock clock;

    MoneyReports(Ledger ledger, Payouts payouts, OrderService orders, JdbcClient jdbc, Clock clock) {
        this.ledger = ledger;
        this.payouts = payouts;
        this.orders = orders;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Amounts in minor units of {@code currency}, which has {@code exponent} decimals (ISO 4217: 2 for EUR, 0 for
     * JPY); {@code held} is what the ledger's escrow account holds now.
     */
    public record OrderMoney(String orderId, String currency, int exponent, long paid, long held, long refunded,
                             long released, long pendingRefund, long pendingRelease, List<PayoutView> payouts) {
    }

    public record SellerMoney(String sellerId, List<Totals> totals) {
    }

    public record Totals(String currency, int exponent, long released, long refunded, long pendingRelease,
                         long pendingRefund) {
    }

    public record Reconciliation(Instant at, boolean consistent, Map<String, Long> totalPerCurrency,
                                 List<String> unbalancedJournals, List<Mismatch> mismatches, int ordersChecked) {
    }

    public record Mismatch(String orderId, String problem) {
    }

    public OrderMoney ofOrder(Actor actor, String orderId) {
        return ofOrder(orders.findVisible(actor, orderId));
    }

    public SellerMoney ofSeller(Actor actor, String sellerId) {
        boolean self = actor.is(Role.SELLER) && actor.id().equals(sellerId);
        if (!self && !actor.isOneOf(Role.ADMIN, Role.INTEGRATION)) {
            if (actor.is(Role.SELLER)) {
                throw new NotFoundException("seller", sellerId);
            }
            throw new ForbiddenException("seller totals are for that seller, admins and the marketplace integration");
        }
        List<Totals> totals = jdbc.sql("""
                select currency,
                  coalesce(sum(case when kind = 'RELEASE' and status = 'CONFIRMED' then amount end), 0) released,
                  coalesce(sum(case when kind = 'REFUND' and status = 'CONFIRMED' then amount end), 0) refunded,
                  coalesce(sum(case when kind = 'RELEASE' and status <> 'CONFIRMED' then amount end), 0) pending_release,
                  coalesce(sum(case when kind = 'REFUND' and status <> 'CONFIRMED' then amount end), 0) pending_refund
                from payout_instruction where seller_id = :seller group by currency order by currency""")
                .param("seller", sellerId)
                .query((rs, row) -> new Totals(rs.getString("currency"), exponent(rs.getString("currency")),
                        rs.getLong("released"),
                        rs.getLong("refunded"), rs.getLong("pending_release"), rs.getLong("pending_refund")))
                .list();
        return new SellerMoney(sellerId, totals);
    }

    /**
     * Recomputes every balance from the ledger entries and compares it with the orders and their instructions.
     * An empty list of mismatches and unbalanced journals means the books balance.
     */
    public Reconciliation reconcile(Actor actor) {
        if (!actor.isOneOf(Role.ADMIN, Role.INTEGRATION)) {
            throw new ForbiddenException("the reconciliation is for admins and the marketplace integration");
        }
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> orderIds = ledger.ordersWithJournals();
        for (String orderId : orderIds) {
            OrderView order = orders.find(orderId).orElse(null);
            if (order == null) {
                mismatches.add(new Mismatch(orderId, "the ledger has journals for an order that does not exist"));
                continue;
            }
            OrderMoney money = ofOrder(order);
            if (money.held() < 0) {
                mismatches.add(new Mismatch(orderId, "escrow is negative: " + money.held()));
            }
            if (money.held() != money.paid() - money.refunded() - money.released()) {
                mismatches.add(new Mismatch(orderId, "escrow holds " + money.held() + " but paid " + money.paid()
                        + " - refunded " + money.refunded() + " - released " + money.released() + " = "
                        + (money.paid() - money.refunded() - money.released())));
            }
            long decidedRefund = order.escrow().refunded();
            long decidedRelease = order.escrow().released();
            if (decidedRefund != money.refunded() + money.pendingRefund()
                    || decidedRelease != money.released() + money.pendingRelease()) {
                mismatches.add(new Mismatch(orderId, "the order decided refund " + decidedRefund + " and release "
                        + decidedRelease + " but instructions carry refund " + (money.refunded() + money.pendingRefund())
                        + " and release " + (money.released() + money.pendingRelease())));
            }
            long receivedByBuyer = ledger.total(orderId, Ledger.Kind.REFUND, Ledger.buyerRefunds(order.buyerId()));
            long receivedBySeller = ledger.total(orderId, Ledger.Kind.RELEASE, Ledger.sellerPayouts(order.sellerId()));
            if (receivedByBuyer != money.refunded() || receivedBySeller != money.released()) {
                mismatches.add(new Mismatch(orderId, "escrow paid out refund " + money.refunded() + " and release "
                        + money.released() + " but the buyer received " + receivedByBuyer + " and the seller "
                        + receivedBySeller));
            }
            if (money.refunded() > money.paid()) {
                mismatches.add(new Mismatch(orderId, "refunded " + money.refunded() + " exceeds paid " + money.paid()));
            }
        }
        for (Ledger.Balance balance : ledger.balances("%")) {
            boolean mustNotBeNegative = balance.account().endsWith(":escrow") || balance.account().endsWith(":refunds")
                    || balance.account().endsWith(":payouts");
            if (mustNotBeNegative && balance.balance() < 0) {
                mismatches.add(new Mismatch(balance.account(), "negative balance " + balance.balance() + " "
                        + balance.currency()));
            }
        }
        Map<String, Long> totals = ledger.totalsPerCurrency();
        List<String> unbalanced = ledger.unbalancedJournals();
        boolean consistent = mismatches.isEmpty() && unbalanced.isEmpty()
                && totals.values().stream().allMatch(total -> total == 0);
        return new Reconciliation(clock.instant(), consistent, totals, unbalanced, mismatches, orderIds.size());
    }

    private OrderMoney ofOrder(OrderView order) {
        String escrow = Ledger.escrow(order.id());
        List<PayoutView> instructions = payouts.ofOrder(order.id());
        long pendingRefund = pending(instructions, "REFUND");
        long pendingRelease = pending(instructions, "RELEASE");
        return new OrderMoney(order.id(), order.currency(), exponent(order.currency()), order.paid(), ledger.balance(escrow, order.currency()),
                -ledger.total(order.id(), Ledger.Kind.REFUND, escrow),
                -ledger.total(order.id(), Ledger.Kind.RELEASE, escrow), pendingRefund, pendingRelease, instructions);
    }

    private static int exponent(String currency) {
        return java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    }

    private static long pending(List<PayoutView> instructions, String kind) {
        return instructions.stream().filter(p -> p.kind().equals(kind) && !p.status().equals("CONFIRMED"))
                .mapToLong(PayoutView::amount).sum();
    }
}
