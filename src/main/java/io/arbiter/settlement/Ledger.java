package io.arbiter.settlement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A balanced journal to post: its entries, per account, add up to zero. */
    record Journal(Kind kind, String orderId, String currency, String sourceKey, String memo,
                   Map<String, Long> entries) {

        Journal {
            Currency.getInstance(currency);
            if (entries.isEmpty() || entries.values().stream().mapToLong(Long::longValue).sum() != 0
                    || entries.values().stream().anyMatch(amount -> amount == 0)) {
                throw new IllegalArgumentException("a journal needs non-zero entries that add up to zero: " + entries);
            }
        }
    }

    /**
     * Posts a balanced journal, or does nothing when a journal with this source key exists already.
     * Returns the journal's id either way.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID post(Kind kind, String orderId, String currency, String sourceKey, String memo, Map<String, Long> entries) {
        return postAll(List.of(new Journal(kind, orderId, currency, sourceKey, memo, entries))).get(0);
    }

    /**
     * Posts journals of one order in one currency, in order, as {@link #post} would one by one (a journal whose
     * source key exists is skipped, and the escrow may not go below zero after any of them), in three statements
     * whatever their number: a refund and a release decided together are posted together.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<UUID> postAll(List<Journal> journals) {
        String orderId = journals.get(0).orderId();
        String currency = journals.get(0).currency();
        if (journals.stream().anyMatch(j -> !j.orderId().equals(orderId) || !j.currency().equals(currency))) {
            throw new IllegalArgumentException("journals posted together are of one order and one currency");
        }
        String escrow = escrow(orderId);
        // One query for what the journals must know first: the source keys posted before, another currency the
        // order moved money in, and the escrow's balance.
        Map<String, UUID> existing = new HashMap<>();
        String[] otherCurrency = {null};
        long[] escrowBalance = {0};
        jdbc.sql("""
                        select 'posted' what, source_key name, id, 0 amount from ledger_journal
                         where source_key in (:sources)
                        union all
                        select 'other', min(currency), null, 0 from ledger_journal
                         where order_id = :order and currency <> :currency
                        union all
                        select 'escrow', null, null, coalesce(sum(amount), 0) from ledger_entry
                         where account = :escrow and currency = :currency""")
                .param("sources", journals.stream().map(Journal::sourceKey).toList())
                .param("order", orderId).param("currency", currency).param("escrow", escrow)
                .query((rs, row) -> switch (rs.getString("what")) {
                    case "posted" -> existing.put(rs.getString("name"), rs.getObject("id", UUID.class));
                    case "other" -> otherCurrency[0] = rs.getString("name");
                    default -> escrowBalance[0] = rs.getLong("amount");
                })
                .list();
        if (otherCurrency[0] != null) {
            throw new IllegalArgumentException("order " + orderId + " moves money in " + otherCurrency[0]
                    + "; a movement in " + currency + " is refused");
        }
        List<UUID> ids = new ArrayList<>();
        List<UUID> newIds = new ArrayList<>();
        List<Journal> newJournals = new ArrayList<>();
        long balance = escrowBalance[0];
        for (Journal journal : journals) {
            UUID posted = existing.get(journal.sourceKey());
            if (posted != null) {
                ids.add(posted);
                continue;
            }
            balance += journal.entries().getOrDefault(escrow, 0L);
            if (balance < 0) {
                throw new IllegalStateException("journal " + journal.sourceKey() + " would take " + escrow
                        + " below zero");
            }
            UUID id = UUID.randomUUID();
            existing.put(journal.sourceKey(), id);
            ids.add(id);
            newIds.add(id);
            newJournals.add(journal);
        }
        if (!newJournals.isEmpty()) {
            insert(newIds, newJournals);
        }
        return ids;
    }

    private void insert(List<UUID> ids, List<Journal> journals) {
        var now = SqlTime.of(clock.instant());
        StringBuilder journalRows = new StringBuilder(
                "insert into ledger_journal (id, kind, order_id, currency, source_key, memo, created_at) values");
        StringBuilder entryRows = new StringBuilder(
                "insert into ledger_entry (journal_id, account, currency, amount, created_at) values");
        Map<String, Object> journalParams = new HashMap<>(Map.of("currency", journals.get(0).currency(), "now", now,
                "order", journals.get(0).orderId()));
        Map<String, Object> entryParams = new HashMap<>(Map.of("currency", journals.get(0).currency(), "now", now));
        int entry = 0;
        for (int j = 0; j < journals.size(); j++) {
            Journal journal = journals.get(j);
            journalRows.append(j == 0 ? " " : ", ")
                    .append("(:id%1$d, :kind%1$d, :order, :currency, :source%1$d, :memo%1$d, :now)".formatted(j));
            journalParams.put("id" + j, ids.get(j));
            journalParams.put("kind" + j, journal.kind().name());
            journalParams.put("source" + j, journal.sourceKey());
            journalParams.put("memo" + j, journal.memo());
            entryParams.put("journal" + j, ids.get(j));
            for (Map.Entry<String, Long> amount : journal.entries().entrySet()) {
                entryRows.append(entry == 0 ? " " : ", ")
                        .append("(:journal%d, :account%d, :currency, :amount%2$d, :now)".formatted(j, entry));
                entryParams.put("account" + entry, amount.getKey());
                entryParams.put("amount" + entry, amount.getValue());
                entry++;
            }
        }
        jdbc.sql(journalRows.toString()).params(journalParams).update();
        jdbc.sql(entryRows.toString()).params(entryParams).update();
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

    /** What journals of one kind moved for an order to or from an account, and how many there are. */
    Booked booked(String orderId, Kind kind, String account) {
        return jdbc.sql("""
                        select (select coalesce(sum(e.amount), 0) from ledger_entry e
                                  join ledger_journal j on j.id = e.journal_id
                                 where j.order_id = :order and j.kind = :kind and e.account = :account) total,
                               (select count(*) from ledger_journal where order_id = :order and kind = :kind) journals""")
                .param("order", orderId).param("kind", kind.name()).param("account", account)
                .query((rs, row) -> new Booked(rs.getLong("total"), rs.getInt("journals"))).single();
    }

    record Booked(long total, int journals) {
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

    List<String> ordersWithJournals() {
        return jdbc.sql("select distinct order_id from ledger_journal order by order_id").query(String.class).list();
    }

    record Balance(String account, String currency, long balance) {
    }
}
