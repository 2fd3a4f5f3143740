package io.arbiter.dispute;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.common.TransactionMemory;

/**
 * Reads and writes the dispute row by hand. A dispute is one row of 80 columns, read and written on every step:
 * through Spring Data JDBC's generic mapping this took about a third of the server's CPU per step (a flight
 * recording of the lifecycle benchmark), where a row mapper and one update with the version check take little.
 * The columns are named once, in {@link #columns}; the reader names them again, as it must.
 *
 * <p>A dispute this transaction wrote or locked is held until the transaction ends, and a later read in it gets the
 * same object: after a change the due times and the answer are read from it, not from the database again. The row
 * lock the write took makes that copy the current one.
 */
@Component
class DisputeStore {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionMemory<UUID, Dispute> locked = new TransactionMemory<>();
    private final String insert;
    private final String update;

    DisputeStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        var names = columns(new Dispute()).keySet();
        this.insert = "insert into dispute (" + String.join(", ", names) + ") values ("
                + names.stream().map(name -> ":" + name).collect(Collectors.joining(", ")) + ")";
        this.update = "update dispute set " + names.stream().filter(name -> !name.equals("id"))
                .map(name -> name.equals("version") ? "version = :version + 1" : name + " = :" + name)
                .collect(Collectors.joining(", ")) + " where id = :id and version = :version";
    }

    Optional<Dispute> find(UUID id) {
        Optional<Dispute> held = locked.get(id);
        return held.isPresent() ? held : jdbc.sql("select * from dispute where id = :id").param("id", id)
                .query((rs, row) -> read(rs)).optional();
    }

    /** Reads the dispute and keeps every other change of it waiting until this transaction ends. */
    Optional<Dispute> findLocked(UUID id) {
        Optional<Dispute> held = locked.get(id);
        if (held.isPresent()) {
            return held;
        }
        Optional<Dispute> found = jdbc.sql("select * from dispute where id = :id for update").param("id", id)
                .query((rs, row) -> read(rs)).optional();
        found.ifPresent(dispute -> locked.put(id, dispute));
        return found;
    }

    /**
     * Writes a new dispute, or the next version of one read before, with the events the change registered sealed
     * onto its chain (one more statement for all of them); then publishes what the change registered.
     */
    Dispute save(Dispute dispute) {
        List<Object> registered = dispute.takeEvents();
        List<EventChain.Link> links = EventChain.seal(dispute, disputeEventsOf(registered));
        if (dispute.version == null) {
            dispute.version = 0L;
            jdbc.sql(insert).params(columns(dispute)).update();
        } else {
            if (jdbc.sql(update).params(columns(dispute)).update() != 1) {
                locked.forget(dispute.id);
                throw new OptimisticLockingFailureException("dispute " + dispute.id + " was changed meanwhile");
            }
            dispute.version = dispute.version + 1;
        }
        locked.put(dispute.id, dispute);
        EventChain.insert(jdbc, dispute.id, links);
        registered.forEach(events::publishEvent);
        return dispute;
    }

    /**
     * Records an event that changes nothing else (a message, a reminder) on a dispute this transaction holds locked:
     * only the chain's head moves, not the version, so it never conflicts with a party's action.
     */
    void append(Dispute lockedDispute, DisputeEvent event) {
        long from = lockedDispute.chainSequence;
        List<EventChain.Link> links = EventChain.seal(lockedDispute, List.of(event));
        int moved = jdbc.sql("""
                        update dispute set chain_sequence = :sequence, chain_hash = :hash
                        where id = :id and chain_sequence = :from""")
                .param("sequence", lockedDispute.chainSequence).param("hash", lockedDispute.chainHash)
                .param("id", lockedDispute.id).param("from", from)
                .update();
        if (moved != 1) {
            locked.forget(lockedDispute.id);
            throw new OptimisticLockingFailureException("dispute " + lockedDispute.id + " was changed meanwhile");
        }
        EventChain.insert(jdbc, lockedDispute.id, links);
        events.publishEvent(event);
    }

    private static List<DisputeEvent> disputeEventsOf(List<Object> registered) {
        return registered.stream().filter(DisputeEvent.class::isInstance).map(DisputeEvent.class::cast).toList();
    }

    private static Map<String, Object> columns(Dispute d) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", d.id);
        c.put("version", d.version);
        c.put("order_id", d.orderId);
        c.put("buyer_id", d.buyerId);
        c.put("seller_id", d.sellerId);
        c.put("currency", d.currency);
        c.put("held_amount", d.heldAmount);
        c.put("pieces_ordered", d.piecesOrdered);
        c.put("reason", name(d.reason));
        c.put("policy_version", d.policyVersion);
        c.put("description", d.description);
        c.put("pieces_affected", d.piecesAffected);
        c.put("differences", d.differences);
        c.put("statement", d.statement);
        c.put("customs_cause", name(d.customsCause));
        c.put("carrier_claim_reference", d.carrierClaimReference);
        offer(c, "claim_", d.claim);
        c.put("status", name(d.status));
        c.put("awaiting", name(d.awaiting));
        c.put("due_at", SqlTime.of(d.dueAt));
        c.put("evidence_due_at", SqlTime.of(d.evidenceDueAt));
        c.put("opened_at", SqlTime.of(d.openedAt));
        c.put("closed_at", SqlTime.of(d.closedAt));
        offer(c, "offer_", d.openOffer);
        c.put("negotiation_failed", d.negotiationFailed);
        c.put("contested", d.contested);
        c.put("contest_statement", d.contestStatement);
        c.put("contested_at", SqlTime.of(d.contestedAt));
        c.put("buyer_limit", d.buyerLimit);
        c.put("seller_limit", d.sellerLimit);
        c.put("escalated_at", SqlTime.of(d.escalatedAt));
        c.put("escalated_by", name(d.escalatedBy));
        c.put("assigned_agent_id", d.assignedAgentId);
        c.put("review_due_at", SqlTime.of(d.reviewDueAt));
        InformationRequest info = d.informationRequest;
        c.put("info_requested_from", info == null ? null : name(info.requestedFrom()));
        c.put("info_question", info == null ? null : info.question());
        c.put("info_due_at", info == null ? null : SqlTime.of(info.dueAt()));
        c.put("info_agent_id", info == null ? null : info.agentId());
        c.put("info_requested_at", info == null ? null : SqlTime.of(info.requestedAt()));
        Suggestion suggestion = d.suggestion;
        c.put("suggestion_type", suggestion == null ? null : name(suggestion.type()));
        c.put("suggestion_amount", suggestion == null ? null : suggestion.amount());
        c.put("suggestion_seller_pays_return_shipping", suggestion == null ? null : suggestion.sellerPaysReturnShipping());
        c.put("suggestion_reasons", suggestion == null ? null : suggestion.reasons());
        c.put("suggestion_buyer_accepted", suggestion == null ? null : suggestion.buyerAccepted());
        c.put("suggestion_seller_accepted", suggestion == null ? null : suggestion.sellerAccepted());
        c.put("suggestion_agent_id", suggestion == null ? null : suggestion.agentId());
        c.put("suggestion_posted_at", suggestion == null ? null : SqlTime.of(suggestion.postedAt()));
        Outcome outcome = d.outcome;
        c.put("outcome_type", outcome == null ? null : name(outcome.type()));
        c.put("outcome_amount", outcome == null ? null : outcome.amount());
        c.put("outcome_seller_pays_return_shipping", outcome == null ? null : outcome.sellerPaysReturnShipping());
        c.put("outcome_settled_by", outcome == null ? null : name(outcome.settledBy()));
        c.put("outcome_reasons", outcome == null ? null : outcome.reasons());
        c.put("outcome_decided_by", outcome == null ? null : outcome.decidedBy());
        c.put("outcome_settled_at", outcome == null ? null : SqlTime.of(outcome.settledAt()));
        c.put("outcome_refund_to_buyer", outcome == null ? null : outcome.refundToBuyer());
        c.put("outcome_release_to_seller", outcome == null ? null : outcome.releaseToSeller());
        c.put("outcome_return_shipping_reimbursement", outcome == null ? null : outcome.returnShippingReimbursement());
        ReturnShipment shipment = d.returnShipment;
        c.put("return_address", shipment == null ? null : shipment.address());
        c.put("return_address_confirmed_at", shipment == null ? null : SqlTime.of(shipment.addressConfirmedAt()));
        c.put("return_carrier", shipment == null ? null : shipment.carrier());
        c.put("return_tracking_number", shipment == null ? null : shipment.trackingNumber());
        c.put("return_shipping_cost", shipment == null ? null : shipment.shippingCost());
        c.put("return_shipped_at", shipment == null ? null : SqlTime.of(shipment.shippedAt()));
        c.put("return_delivered_at", shipment == null ? null : SqlTime.of(shipment.deliveredAt()));
        c.put("return_received_at", shipment == null ? null : SqlTime.of(shipment.receivedAt()));
        c.put("enforced_due_at", SqlTime.of(d.enforcedDueAt));
        c.put("evidence_enforced", d.evidenceEnforced);
        c.put("evidence_extended_to", SqlTime.of(d.evidenceExtendedTo));
        c.put("review_overdue", d.reviewOverdue);
        c.put("chain_sequence", d.chainSequence);
        c.put("chain_hash", d.chainHash);
        return c;
    }

    private static void offer(Map<String, Object> c, String prefix, Offer offer) {
        c.put(prefix + "id", offer == null ? null : offer.id());
        c.put(prefix + "made_by", offer == null ? null : name(offer.madeBy()));
        c.put(prefix + "type", offer == null ? null : name(offer.type()));
        c.put(prefix + "amount", offer == null ? null : offer.amount());
        c.put(prefix + "seller_pays_return_shipping", offer == null ? null : offer.sellerPaysReturnShipping());
        c.put(prefix + "note", offer == null ? null : offer.note());
        c.put(prefix + "made_at", offer == null ? null : SqlTime.of(offer.madeAt()));
    }

    private static Dispute read(ResultSet rs) throws SQLException {
        Dispute d = new Dispute();
        d.id = rs.getObject("id", UUID.class);
        d.version = rs.getLong("version");
        d.orderId = rs.getString("order_id");
        d.buyerId = rs.getString("buyer_id");
        d.sellerId = rs.getString("seller_id");
        d.currency = rs.getString("currency");
        d.heldAmount = rs.getLong("held_amount");
        d.piecesOrdered = rs.getInt("pieces_ordered");
        d.reason = value(DisputeReason.class, rs.getString("reason"));
        d.policyVersion = rs.getString("policy_version");
        d.description = rs.getString("description");
        d.piecesAffected = rs.getInt("pieces_affected");
        d.differences = rs.getString("differences");
        d.statement = rs.getString("statement");
        d.customsCause = value(CustomsCause.class, rs.getString("customs_cause"));
        d.carrierClaimReference = rs.getString("carrier_claim_reference");
        d.claim = offer(rs, "claim_");
        d.status = value(DisputeStatus.class, rs.getString("status"));
        d.awaiting = value(Party.class, rs.getString("awaiting"));
        d.dueAt = SqlTime.instant(rs, "due_at");
        d.evidenceDueAt = SqlTime.instant(rs, "evidence_due_at");
        d.openedAt = SqlTime.instant(rs, "opened_at");
        d.closedAt = SqlTime.instant(rs, "closed_at");
        d.openOffer = offer(rs, "offer_");
        d.negotiationFailed = rs.getBoolean("negotiation_failed");
        d.contested = rs.getBoolean("contested");
        d.contestStatement = rs.getString("contest_statement");
        d.contestedAt = SqlTime.instant(rs, "contested_at");
        d.buyerLimit = nullableLong(rs, "buyer_limit");
        d.sellerLimit = nullableLong(rs, "seller_limit");
        d.escalatedAt = SqlTime.instant(rs, "escalated_at");
        d.escalatedBy = value(Party.class, rs.getString("escalated_by"));
        d.assignedAgentId = rs.getString("assigned_agent_id");
        d.reviewDueAt = SqlTime.instant(rs, "review_due_at");
        d.informationRequest = unlessEmpty(new InformationRequest(value(Party.class, rs.getString("info_requested_from")),
                rs.getString("info_question"), SqlTime.instant(rs, "info_due_at"), rs.getString("info_agent_id"),
                SqlTime.instant(rs, "info_requested_at")));
        d.suggestion = unlessEmpty(new Suggestion(value(ResolutionType.class, rs.getString("suggestion_type")),
                nullableLong(rs, "suggestion_amount"), nullableBoolean(rs, "suggestion_seller_pays_return_shipping"),
                rs.getString("suggestion_reasons"), nullableBoolean(rs, "suggestion_buyer_accepted"),
                nullableBoolean(rs, "suggestion_seller_accepted"), rs.getString("suggestion_agent_id"),
                SqlTime.instant(rs, "suggestion_posted_at")));
        d.outcome = unlessEmpty(new Outcome(value(ResolutionType.class, rs.getString("outcome_type")),
                nullableLong(rs, "outcome_amount"), nullableBoolean(rs, "outcome_seller_pays_return_shipping"),
                value(SettledBy.class, rs.getString("outcome_settled_by")), rs.getString("outcome_reasons"),
                rs.getString("outcome_decided_by"), SqlTime.instant(rs, "outcome_settled_at"),
                nullableLong(rs, "outcome_refund_to_buyer"), nullableLong(rs, "outcome_release_to_seller"),
                nullableLong(rs, "outcome_return_shipping_reimbursement")));
        d.returnShipment = unlessEmpty(new ReturnShipment(rs.getString("return_address"),
                SqlTime.instant(rs, "return_address_confirmed_at"), rs.getString("return_carrier"),
                rs.getString("return_tracking_number"), nullableLong(rs, "return_shipping_cost"),
                SqlTime.instant(rs, "return_shipped_at"), SqlTime.instant(rs, "return_delivered_at"),
                SqlTime.instant(rs, "return_received_at")));
        d.enforcedDueAt = SqlTime.instant(rs, "enforced_due_at");
        d.evidenceEnforced = rs.getBoolean("evidence_enforced");
        d.evidenceExtendedTo = SqlTime.instant(rs, "evidence_extended_to");
        d.reviewOverdue = rs.getBoolean("review_overdue");
        d.chainSequence = rs.getLong("chain_sequence");
        d.chainHash = rs.getString("chain_hash");
        return d;
    }

    private static Offer offer(ResultSet rs, String prefix) throws SQLException {
        return unlessEmpty(new Offer(rs.getObject(prefix + "id", UUID.class),
                value(Party.class, rs.getString(prefix + "made_by")),
                value(ResolutionType.class, rs.getString(prefix + "type")), nullableLong(rs, prefix + "amount"),
                nullableBoolean(rs, prefix + "seller_pays_return_shipping"), rs.getString(prefix + "note"),
                SqlTime.instant(rs, prefix + "made_at")));
    }

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getAccessor).toArray(Method[]::new);
        }
    };

    /** A part of the row held in its own columns is absent when all of them are null. */
    private static <T extends Record> T unlessEmpty(T part) {
        for (Method accessor : ACCESSORS.get(part.getClass())) {
            try {
                if (accessor.invoke(part) != null) {
                    return part;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
