package io.arbiter.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.arbiter.common.CanonicalJson;
import io.arbiter.dispute.RecordedEvent;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.Terms;
import io.arbiter.dispute.TimelineEntry;
import io.arbiter.identity.Actor;
import io.arbiter.messaging.OrderMessage;
import io.arbiter.order.OrderView;

/**
 * The readable part of a case file, as the viewer sees the dispute: one model that both {@code timeline.html} and
 * {@code timeline.pdf} render, so the two always say the same. Times are UTC.
 */
record CaseFileDocument(String title, String subtitle, List<Block> blocks) {

    sealed interface Block permits Heading, Fields, Table, Text {
    }

    record Heading(String text) implements Block {
    }

    record Field(String label, String value) {
    }

    record Fields(List<Field> fields) implements Block {
    }

    record Table(List<String> headers, List<List<String>> rows) implements Block {
    }

    record Text(String text) implements Block {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static CaseFileDocument of(DisputeView view, Function<String, String> names, Actor viewer, Instant generatedAt,
                               List<RecordedEvent> chain) {
        OrderView order = view.order();
        String currency = view.money().currency();
        List<Block> blocks = new ArrayList<>();

        blocks.add(new Heading("Dispute"));
        blocks.add(fields(
                "Dispute", view.id().toString(),
                "Status", words(view.status().name()),
                "Opened", time(view.openedAt()),
                "Closed", time(view.closedAt()),
                "Whose move", view.whoseMove() == null ? null : words(view.whoseMove().name()),
                "Due", time(view.dueAt()),
                "Held payment", money(view.money().held(), currency)));

        blocks.add(new Heading("Parties"));
        var review = view.review();
        blocks.add(fields(
                "Buyer", person(order.buyerId(), names),
                "Seller", person(order.sellerId(), names),
                "Escalated", review == null ? null : time(review.escalatedAt())
                        + (review.escalatedBy() == null ? "" : " by the " + words(review.escalatedBy().name())),
                "Agent", review == null || review.assignedAgentId() == null ? null
                        : person(review.assignedAgentId(), names)));

        var claim = view.claim();
        blocks.add(new Heading("Claim"));
        blocks.add(fields(
                "Reason", claim.reasonLabel(),
                "What is wrong", claim.description(),
                "Pieces affected", claim.piecesAffected() + " of " + claim.piecesOrdered(),
                "Resolution wanted", terms(claim.requested(), currency),
                "Statement", claim.statement(),
                "Customs cause", claim.customsCause() == null ? null : words(claim.customsCause().name()),
                "Carrier claim reference", claim.carrierClaimReference()));
        if (claim.differences() != null && !claim.differences().isEmpty()) {
            blocks.add(new Table(List.of("Attribute", "Listed", "Received"), claim.differences().stream()
                    .map(d -> List.of(orDash(d.attribute()), d.listed(), d.received())).toList()));
        }

        blocks.add(new Heading("Order and listing"));
        var shipment = order.shipment();
        blocks.add(fields(
                "Order", order.id(),
                "Placed", time(order.placedAt()),
                "Total", money(order.total(), order.currency()),
                "Paid", money(order.paid(), order.currency()),
                "Promised delivery by", time(order.promisedDeliveryBy()),
                "Shipment", shipment == null || shipment.carrier() == null ? null
                        : shipment.carrier() + " " + orDash(shipment.trackingNumber()),
                "Shipped", shipment == null ? null : time(shipment.shippedAt()),
                "Delivered", shipment == null ? null : time(shipment.deliveredAt())));
        blocks.add(new Table(List.of("Item", "Listing as the buyer saw it", "Quantity", "Unit price"),
                order.lines().stream().map(line -> List.of(
                        line.title() + (line.sku() == null ? "" : " (" + line.sku() + ")"),
                        listing(line),
                        String.valueOf(line.quantity()),
                        money(line.unitPrice(), order.currency()))).toList()));

        List<OrderMessage> conversation = view.orderConversation();
        if (conversation != null && !conversation.isEmpty()) {
            blocks.add(new Heading("Order conversation"));
            blocks.add(new Table(List.of("Time", "From", "Message"), conversation.stream()
                    .map(m -> List.of(time(m.sentAt()), m.senderName() + " (" + words(m.senderRole().name()) + ")",
                            m.text())).toList()));
        }

        var negotiation = view.negotiation();
        var limits = negotiation == null ? null : negotiation.privateLimits();
        if (negotiation != null && (negotiation.contested() || limits != null
                && (limits.buyerLeastRefund() != null || limits.sellerMostRefund() != null))) {
            blocks.add(new Heading("Negotiation"));
            blocks.add(fields(
                    "Contested", negotiation.contested() ? time(negotiation.contestedAt()) + ": "
                            + negotiation.contestStatement() : null,
                    "Buyer's private limit (least refund)", limits == null || limits.buyerLeastRefund() == null
                            ? null : money(limits.buyerLeastRefund(), currency),
                    "Seller's private limit (most refund)", limits == null || limits.sellerMostRefund() == null
                            ? null : money(limits.sellerMostRefund(), currency)));
        }

        blocks.add(new Heading("Timeline"));
        blocks.add(new Table(List.of("Time", "Who", "What"), view.timeline().stream()
                .map(entry -> List.of(time(entry.at()), who(entry), entry.summary())).toList()));

        blocks.add(new Heading("Outcome"));
        var outcome = view.outcome();
        if (outcome == null) {
            blocks.add(new Text("No outcome yet."));
        } else {
            blocks.add(fields(
                    "Terms", terms(outcome.terms(), currency),
                    "Settled by", outcome.settledBy() == null ? null : words(outcome.settledBy().name()),
                    "Reasons", outcome.reasons(),
                    "Settled", time(outcome.settledAt()),
                    "Refund to buyer", outcome.refundToBuyer() == null ? null
                            : money(outcome.refundToBuyer(), currency),
                    "Release to seller", outcome.releaseToSeller() == null ? null
                            : money(outcome.releaseToSeller(), currency),
                    "Return shipping reimbursed by the seller", outcome.returnShippingReimbursement() == null
                            || outcome.returnShippingReimbursement() == 0 ? null
                            : money(outcome.returnShippingReimbursement(), currency)));
        }

        blocks.add(new Heading("The record"));
        RecordedEvent head = chain.isEmpty() ? null : chain.get(chain.size() - 1);
        blocks.add(new Text("Every event of this dispute is an entry of a SHA-256 hash chain. chain.json holds the"
                + " entries (" + chain.size() + "), manifest.json the SHA-256 of every file in this case file; the"
                + " chain's last entry is number " + (head == null ? 0 : head.sequence()) + ", hash "
                + (head == null ? CanonicalJson.GENESIS : head.hash()) + "."));

        return new CaseFileDocument("Case file: dispute " + view.id(),
                "Order " + order.id() + ". Generated " + time(generatedAt) + " for " + viewer.displayName() + " ("
                        + words(viewer.role().name()) + ").", blocks);
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    static String money(long minorUnits, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currency;
    }

    private static String terms(Terms terms, String currency) {
        if (terms == null || terms.type() == null) {
            return null;
        }
        return switch (terms.type()) {
            case FULL_REFUND_WITH_RETURN -> "Full refund with return"
                    + (terms.sellerPaysReturnShipping() ? " (the seller pays return shipping)" : "");
            case FULL_REFUND -> "Full refund without return";
            case PARTIAL_REFUND -> "Partial refund of " + (terms.amount() == null ? "?" : money(terms.amount(), currency));
            case RESHIPMENT -> "Reshipment";
            case CLAIM_REJECTED -> "Claim rejected";
        };
    }

    private static String listing(OrderView.Line line) {
        List<String> parts = new ArrayList<>();
        if (line.description() != null && !line.description().isBlank()) {
            parts.add(line.description());
        }
        Map<String, String> attributes = line.attributes();
        if (attributes != null && !attributes.isEmpty()) {
            parts.add(attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (line.imageUrls() != null && !line.imageUrls().isEmpty()) {
            parts.add("Images: " + String.join(" ", line.imageUrls()));
        }
        return parts.isEmpty() ? "-" : String.join("\n", parts);
    }

    private static String who(TimelineEntry entry) {
        return entry.actorName() + " (" + words(entry.actorRole().name()) + ")";
    }

    private static String person(String id, Function<String, String> names) {
        String name = names.apply(id);
        return name == null || name.equals(id) ? id : name + " (" + id + ")";
    }

    private static String words(String constant) {
        String text = constant.replace('_', ' ').toLowerCase();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    /** Label-value pairs; pairs whose value is null are left out. */
    private static Fields fields(String... labelsAndValues) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            if (labelsAndValues[i + 1] != null) {
                fields.add(new Field(labelsAndValues[i], labelsAndValues[i + 1]));
            }
        }
        return new Fields(fields);
    }
}
