package io.arbiter.settlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.settlement.PayoutInstruction.Kind;
import io.arbiter.settlement.PayoutInstruction.Status;

/**
 * Reads and writes payout instructions by hand, as the dispute and order stores do their rows: Spring Data JDBC's
 * generic mapping cost more CPU than the statements themselves. A save is one insert or one update with the
 * version check.
 */
@Component
class PayoutStore {

    private static final String COLUMNS = """
            id, version, order_id, dispute_id, kind, recipient_id, seller_id, amount, currency, status, provider,
            attempts, next_check_at, last_error, created_at, sent_at, confirmed_at, failed_at""";

    private final JdbcClient jdbc;
    private final String update;

    PayoutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        List<String> names = List.of(COLUMNS.split(",\\s*"));
        this.update = "update payout_instruction set " + names.stream().filter(name -> !name.equals("id"))
                .map(name -> name.equals("version") ? "version = :version + 1" : name + " = :" + name)
                .collect(Collectors.joining(", ")) + " where id = :id and version = :version";
    }

    Optional<PayoutInstruction> find(UUID id) {
        return query("where id = :id", Map.of("id", id)).stream().findFirst();
    }

    /** Locks the instruction's row until the transaction ends: confirmations and failures of it queue up. */
    Optional<PayoutInstruction> findLocked(UUID id) {
        return query("where id = :id for update", Map.of("id", id)).stream().findFirst();
    }

    List<PayoutInstruction> ofOrder(String orderId) {
        return query("where order_id = :order order by created_at", Map.of("order", orderId));
    }

    List<PayoutInstruction> ofDispute(UUID disputeId) {
        return query("where dispute_id = :dispute order by created_at", Map.of("dispute", disputeId));
    }

    List<PayoutInstruction> unconfirmedDueBy(Instant now) {
        return query("where status = 'SENT' and next_check_at <= :now order by next_check_at",
                Map.of("now", SqlTime.of(now)));
    }

    List<PayoutInstruction> all() {
        return query("order by created_at", Map.of());
    }

    /** Writes a change of an instruction that {@link #insertAll} wrote, if nobody changed it meanwhile. */
    PayoutInstruction save(PayoutInstruction instruction) {
        if (jdbc.sql(update).params(columns(instruction)).update() != 1) {
            throw new OptimisticLockingFailureException("payout " + instruction.id + " was changed meanwhile");
        }
        instruction.version = instruction.version + 1;
        return instruction;
    }

    /** Writes new instructions in one statement. */
    void insertAll(List<PayoutInstruction> created) {
        if (created.isEmpty()) {
            return;
        }
        List<String> names = List.of(COLUMNS.split(",\\s*"));
        StringBuilder sql = new StringBuilder("insert into payout_instruction (" + COLUMNS + ") values");
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < created.size(); i++) {
            PayoutInstruction instruction = created.get(i);
            if (instruction.version != null) {
                throw new IllegalArgumentException("payout " + instruction.id + " was written before");
            }
            instruction.version = 0L;
            int row = i;
            sql.append(i == 0 ? " (" : ", (")
                    .append(names.stream().map(name -> ":" + name + row).collect(Collectors.joining(", ")))
                    .append(")");
            columns(instruction).forEach((name, value) -> params.put(name + row, value));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private List<PayoutInstruction> query(String where, Map<String, ?> params) {
        return jdbc.sql("select " + COLUMNS + " from payout_instruction " + where).params(params)
                .query((rs, row) -> read(rs)).list();
    }

    private static PayoutInstruction read(ResultSet rs) throws SQLException {
        PayoutInstruction p = new PayoutInstruction();
        p.id = rs.getObject("id", UUID.class);
        p.version = rs.getLong("version");
        p.orderId = rs.getString("order_id");
        p.disputeId = rs.getObject("dispute_id", UUID.class);
        p.kind = Kind.valueOf(rs.getString("kind"));
        p.recipientId = rs.getString("recipient_id");
        p.sellerId = rs.getString("seller_id");
        p.amount = rs.getLong("amount");
        p.currency = rs.getString("currency");
        p.status = Status.valueOf(rs.getString("status"));
        p.provider = rs.getString("provider");
        p.attempts = rs.getInt("attempts");
        p.nextCheckAt = SqlTime.instant(rs, "next_check_at");
        p.lastError = rs.getString("last_error");
        p.createdAt = SqlTime.instant(rs, "created_at");
        p.sentAt = SqlTime.instant(rs, "sent_at");
        p.confirmedAt = SqlTime.instant(rs, "confirmed_at");
        p.failedAt = SqlTime.instant(rs, "failed_at");
        return p;
    }

    private static Map<String, Object> columns(PayoutInstruction p) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", p.id);
        c.put("version", p.version);
        c.put("order_id", p.orderId);
        c.put("dispute_id", p.disputeId);
        c.put("kind", p.kind.name());
        c.put("recipient_id", p.recipientId);
        c.put("seller_id", p.sellerId);
        c.put("amount", p.amount);
        c.put("currency", p.currency);
        c.put("status", p.status.name());
        c.put("provider", p.provider);
        c.put("attempts", p.attempts);
        c.put("next_check_at", SqlTime.of(p.nextCheckAt));
        c.put("last_error", p.lastError);
        c.put("created_at", SqlTime.of(p.createdAt));
        c.put("sent_at", SqlTime.of(p.sentAt));
        c.put("confirmed_at", SqlTime.of(p.confirmedAt));
        c.put("failed_at", SqlTime.of(p.failedAt));
        return c;
    }
}
