package io.arbiter.dispute;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputeEvent.Visibility;

/** Reads disputes' event chains as stored, for whoever verifies or exports them. */
@Service
public class EventHistory {

    private final JdbcClient jdbc;

    public EventHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every dispute, oldest first. */
    public List<UUID> disputes() {
        return jdbc.sql("select id from dispute order by opened_at, id").query(UUID.class).list();
    }

    /** The dispute's chain, first entry to last, with its row's head and facts; empty for no such dispute. */
    public Optional<RecordedChain> chain(UUID disputeId) {
        var state = new Object() {
            RecordedChain.Facts facts;
            long headSequence;
            String headHash;
            final List<RecordedEvent> events = new ArrayList<>();
        };
        jdbc.sql("""
                        select d.chain_sequence, d.chain_hash, d.order_id, d.buyer_id, d.seller_id, d.currency,
                               d.claim_type, d.claim_amount, d.status, d.closed_at, d.outcome_type,
                               d.outcome_refund_to_buyer, d.outcome_release_to_seller,
                               e.seq, e.type, e.at, e.actor_id, e.actor_role, e.visibility, e.summary, e.canonical,
                               e.previous_hash, e.entry_hash
                        from dispute d left join dispute_event e on e.dispute_id = d.id
                        where d.id = :dispute
                        order by e.seq""")
                .param("dispute", disputeId)
                .query(rs -> {
                    if (state.facts == null) {
                        state.headSequence = rs.getLong("chain_sequence");
                        state.headHash = rs.getString("chain_hash");
                        state.facts = facts(rs);
                    }
                    long sequence = rs.getLong("seq");
                    if (!rs.wasNull()) {
                        state.events.add(new RecordedEvent(disputeId, sequence, rs.getString("type"),
                                rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
                                rs.getString("actor_role"), visibility(rs.getString("visibility")),
                                rs.getString("summary"), rs.getString("canonical"), rs.getString("previous_hash"),
                                rs.getString("entry_hash")));
                    }
                });
        return Optional.ofNullable(state.facts).map(facts -> new RecordedChain(disputeId, state.headSequence,
                state.headHash, facts, List.copyOf(state.events)));
    }

    private static RecordedChain.Facts facts(ResultSet rs) throws SQLException {
        return new RecordedChain.Facts(rs.getString("order_id"), rs.getString("buyer_id"), rs.getString("seller_id"),
                rs.getString("currency"), rs.getString("claim_type"), nullableLong(rs, "claim_amount"),
                rs.getString("status"), SqlTime.instant(rs, "closed_at") != null, rs.getString("outcome_type"),
                nullableLong(rs, "outcome_refund_to_buyer"), nullableLong(rs, "outcome_release_to_seller"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Visibility visibility(String name) {
        try {
            return Visibility.valueOf(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
