package io.arbiter.settlement;

import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.SqlTime;

/**
 * The append-only double-entry ledger. Every journal is in one currency and its entries add up to zero; the
 * escrow account of an order never goes below zero. A journal's source key makes posting idempotent: the same
 * cause posts once, whatever is retried.
 */
@Component
class Ledger {

    enum Kind {
        /** The buyer's payment is held in the order's escrow account. */
        PAYMENT_HELD,
        /** Part of the held payment went back to the buyer. */
        REFUND,
        /** Part of the held payment went to the seller. */
        RELEASE,
        /** The seller agreed to reimburse return shipping; paid outside Arbiter, recorded here. */
        RETURN_SHIPPING_REIMBURSEMENT
    }

    static String escrow(String orderId) {
        return "order:" + orderId + ":escrow";
    }

    static String buyerPayments(String buyerId) {
        return "buyer:" + buyerId + ":payments";
    }

    static String buyerRefunds(String buyerId) {
        return "buyer:" + buyerId + ":refunds";
    }

    static String sellerPayouts(String sellerId) {
        return "seller:" + sellerId + ":payouts";
    }

    static String sellerOwesReturnShipping(String sellerId) {
        return "seller:" + sellerId + ":owes-return-shipping";
    }

    static String buyerReturnShippingDue(String buyerId) {
        return "buyer:" + buyerId + ":return-shipping-due";
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Ledger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Posts a balanced journal, or does nothing when a journal with this source key exists already.
     * Returns the journal's id either way.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID post(Kind kind, String orderId, String currency, String sourceKey, String memo, Map<String, Long> entries) {
        Currency.getInstance(currency);
        if (entries.isEmpty() || entries.values().stream().mapToLong(Long::longValue).sum() != 0
                || entries.values().stream().anyMatch(amount -> amount == 0)) {
            throw new IllegalArgumentException("a journal needs non-zero entries that add up to zero: " + entries);
        }
        String escrow = escrow(orderId);
        // One query for the three things a journal must know first: three statements before, on every journal.
        Before before = jdbc.sql("""
                        select (select id from ledger_journal where source_key = :source) existing,
                               (select min(currency) from ledger_journal
                                 where order_id = :order and currency <> :currency) other_currency,
                               (select coalesce(sum(amount), 0) from ledger_entry
                                 where account = :escrow and currency = :currency) escrow_balance""")
                .param("source", sourceKey).param("order", orderId).param("currency", currency)
                .param("escrow", escrow)
                .query((rs, row) -> new Before(rs.getObject("existing", UUID.class), rs.getString("other_currency"),
                        rs.getLong("escrow_balance")))
                .single();
        if (before.existing() != null) {
            return before.existing();
        }
        if (before.otherCurrency() != null) {
            throw new IllegalArgumentException("order " + orderId + " moves money in " + before.otherCurrency()
                    + "; a movement in " + currency + " is refused");
        }
        if (entries.containsKey(escrow) && before.escrowBalance() + entries.get(escrow) < 0) {
            throw new IllegalStateException("journal " + sourceKey + " would take " + escrow + " below zero");
        }
        UUID id = UUID.randomUUID();
        var now = SqlTime.of(clock.instant());
        jdbc.sql("""
                insert into ledger_journal (id, kind, order_id, currency, source_key, memo, created_at)
                values (:id, :kind, :order, :currency, :source, :memo, :now)""")
                .param("id", id).param("kind", kind.name()).param("order", orderId).param("currency", currency)
                .param("source", sourceKey).param("memo", memo).param("now", now)
                .update();
        StringBuilder insert = new StringBuilder(
                "insert into ledger_entry (journal_id, account, currency, amount, created_at) values");
        Map<String, Object> params = new HashMap<>(Map.of("journal", id, "currency", currency, "now", now));
        int i = 0;
        for (Map.Entry<String, Long> entry : entries.entrySet()) {
            insert.append(i == 0 ? " " : ", ").append("(:journal, :account%1$d, :currency, :amount%1$d, :now)"
                    .formatted(i));
            params.put("account" + i, entry.getKey());
            params.put("amount" + i, entry.getValue());
            i++;
        }
        jdbc.sql(insert.toString()).params(params).update();
        return id;
    }

    private record Before(UUID existing, String otherCurrency, long escrowBalance) {
    }

    long balance(String account, String currency) {
        return jdbc.sql("select coalesce(sum(amount), 0) from ledger_entry where account = :account and currency = :currency")
                .param("account", account).param("currency", currency).query(Long.class).single();
    }

    /** Balances of all accounts matching a LIKE pattern, per account and currency. */
    List<Balance> balances(String accountPattern) {
        return jdbc.sql("""
                select account, currency, sum(amount) balance from ledger_entry where account like :pattern
                group by account, currency order by account, currency""")
                .param("pattern", accountPattern)
                .query((rs, row) -> new Balance(rs.getString("account"), rs.getString("currency"), rs.getLong("balance")))
                .list();
    }

    /** What journals of one kind moved for an order, in its currency. */
    long total(String orderId, Kind kind, String account) {
        return jdbc.sql("""
                select coalesce(sum(e.amount), 0) from ledger_entry e join ledger_journal j on j.id = e.journal_id
                where j.order_id = :order and j.kind = :kind and e.account = :account""")
                .param("order", orderId).param("kind", kind.name()).param("account", account)
                .query(Long.class).single();
    }

    /** Journals whose entries do not add up to zero, or mix currencies: always empty unless rows were altered. */
    List<String> unbalancedJournals() {
        return jdbc.sql("""
                select j.source_key from ledger_journal j join ledger_entry e on e.journal_id = j.id
                group by j.id, j.source_key, j.currency
                having sum(e.amount) <> 0 or min(e.currency) <> j.currency or max(e.currency) <> j.currency
                order by j.source_key""")
                .query(String.class).list();
    }

    /** Totals per currency over every account: zero for each currency in a ledger that balances. */
    Map<String, Long> totalsPerCurrency() {
        Map<String, Long> totals = new LinkedHashMap<>();
        jdbc.sql("select currency, sum(amount) total from ledger_entry group by currency order by currency")
                .query((rs, row) -> totals.put(rs.getString("currency"), rs.getLong("total"))).list();
        return totals;
    }

    int journals(String orderId, Kind kind) {
        return jdbc.sql("select count(*) from ledger_journal where order_id = :order and kind = :kind")
                .param("order", orderId).param("kind", kind.name()).query(Integer.class).single();
    }

    List<String> ordersWithJournals() {
        return jdbc.sql("select distinct order_id from ledger_journal order by order_id").query(String.class).list();
    }

    private Optional<UUID> journalFor(String sourceKey) {
        return jdbc.sql("select id from ledger_journal where source_key = :source").param("source", sourceKey)
                .query(UUID.class).optional();
    }

    record Balance(String account, String currency, long balance) {
    }
}
