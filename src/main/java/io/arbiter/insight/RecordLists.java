package io.arbiter.insight;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.SqlTime;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/**
 * The disputes behind each figure of a party's record, so that a case page's figure can link to its list. An agent
 * opens only disputes that reached the agents (escalated): a figure links only when every dispute behind it is one
 * the reader may open; otherwise it stays a count. Each figure's condition is the one {@link InsightQueries} counts
 * with, on the disputes of the party opened in the window. Named for the templates ({@code @recordLists}).
 */
@Component("recordLists")
@Transactional(readOnly = true)
public class RecordLists {

    /** How many disputes of a list are shown at most; a record's figures over a year stay far below it. */
    static final int MOST_LISTED = 500;

    /** A figure of a party's record that counts disputes, with the condition that picks them. */
    public enum Figure {
        OPENED(Side.BUYER, "1 = 1"),
        REFUNDED(Side.BUYER, "outcome_refund_to_buyer > 0 and closed_at is not null"),
        // A withdrawal ends with the claim rejected too (the seller keeps the payment), but it is counted apart.
        REJECTED(Side.BUYER, "outcome_type = 'CLAIM_REJECTED' and status = 'RESOLVED'"),
        WITHDRAWN(Side.BUYER, "status = 'WITHDRAWN'"),
        ESCALATED(Side.BUYER, "escalated_at is not null"),
        RECEIVED(Side.SELLER, "1 = 1"),
        SETTLED_BEFORE_AGENT(Side.SELLER,
                "escalated_at is null and outcome_settled_by in ('AGREEMENT', 'PRIVATE_LIMITS_MET')"),
        DECISIONS_AGAINST(Side.SELLER, "outcome_settled_by = 'AGENT_DECISION' and outcome_type <> 'CLAIM_REJECTED'");

        private final Side side;
        private final String condition;

        Figure(Side side, String condition) {
            this.side = side;
            this.condition = condition;
        }

        public Side side() {
            return side;
        }
    }

    /** Whose record: the column that names the party. */
    public enum Side {
        BUYER("buyer_id"), SELLER("seller_id");

        private final String column;

        Side(String column) {
            this.column = column;
        }
    }

    /** A dispute behind a figure, as its list shows it. */
    public record Listed(UUID id, String orderId, String reason, String status, Instant openedAt) {
    }

    /** The disputes behind a figure the reader may open, and how many others it counts (never escalated). */
    public record Entries(List<Listed> disputes, long notYours) {
    }

    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    RecordLists(JdbcClient jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The window of the case page's records: the last 12 months up to now. */
    public MetricsWindow recordWindow() {
        Instant now = clock.instant();
        return new MetricsWindow(now.minus(PartyRecords.RECORD_PERIOD), now);
    }

    /** The buyer's figures the reader may follow to their lists, by the figure's name. */
    public Map<String, Boolean> buyerLinks(Actor reader, String buyerId, MetricsWindow window) {
        return byName(linkable(reader, Side.BUYER, buyerId, window));
    }

    /** The seller's figures the reader may follow to their lists, by the figure's name. */
    public Map<String, Boolean> sellerLinks(Actor reader, String sellerId, MetricsWindow window) {
        return byName(linkable(reader, Side.SELLER, sellerId, window));
    }

    private static Map<String, Boolean> byName(Map<Figure, Boolean> links) {
        Map<String, Boolean> named = new java.util.HashMap<>();
        links.forEach((figure, link) -> named.put(figure.name(), link));
        return named;
    }

    /**
     * The figures of one party's record that the reader may follow to their list, over the window: those whose
     * disputes the reader may all open, and which count any.
     */
    public Map<Figure, Boolean> linkable(Actor reader, Side side, String partyId, MetricsWindow window) {
        Insight.requirePartyReader(reader);
        boolean seesAll = !reader.is(Role.AGENT);
        StringBuilder sql = new StringBuilder("select ");
        List<Figure> figures = java.util.Arrays.stream(Figure.values()).filter(f -> f.side == side).toList();
        for (Figure figure : figures) {
            sql.append("count(case when ").append(figure.condition).append(" then 1 end) ").append(figure.name())
                    .append("_all, count(case when ").append(figure.condition)
                    .append(" and escalated_at is null then 1 end) ").append(figure.name()).append("_hidden, ");
        }
        sql.setLength(sql.length() - 2);
        sql.append(" from dispute where ").append(side.column)
                .append(" = :party and opened_at >= :from and opened_at < :to");
        return jdbc.sql(sql.toString()).param("party", partyId).param("from", SqlTime.of(window.from()))
                .param("to", SqlTime.of(window.to()))
                .query((rs, row) -> {
                    Map<Figure, Boolean> links = new EnumMap<>(Figure.class);
                    for (Figure figure : figures) {
                        long all = rs.getLong(figure.name() + "_all");
                        long hidden = rs.getLong(figure.name() + "_hidden");
                        links.put(figure, all > 0 && (seesAll || hidden == 0));
                    }
                    return links;
                }).single();
    }

    /** The disputes behind a figure of a party's record over the window, newest first, those the reader may open. */
    public Entries entries(Actor reader, Figure figure, String partyId, MetricsWindow window) {
        Insight.requirePartyReader(reader);
        String where = " from dispute where " + figure.side.column + " = :party and opened_at >= :from"
                + " and opened_at < :to and " + figure.condition;
        String visible = reader.is(Role.AGENT) ? " and escalated_at is not null" : "";
        List<Listed> disputes = jdbc.sql("select id, order_id, reason, status, opened_at" + where + visible
                        + " order by opened_at desc, id limit " + MOST_LISTED)
                .param("party", partyId).param("from", SqlTime.of(window.from())).param("to", SqlTime.of(window.to()))
                .query((rs, row) -> new Listed(rs.getObject("id", UUID.class), rs.getString("order_id"),
                        rs.getString("reason"), rs.getString("status"), SqlTime.instant(rs, "opened_at"))).list();
        long notYours = visible.isEmpty() ? 0 : jdbc.sql("select count(*)" + where + " and escalated_at is null")
                .param("party", partyId).param("from", SqlTime.of(window.from())).param("to", SqlTime.of(window.to()))
                .query(Long.class).single();
        return new Entries(disputes, notYours);
    }
}
