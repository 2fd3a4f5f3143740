package io.arbiter.audit;

import java.util.List;
import java.util.Objects;

import io.arbiter.common.CanonicalJson;
import io.arbiter.dispute.RecordedChain.Facts;
import io.arbiter.dispute.RecordedEvent;
import tools.jackson.databind.JsonNode;

/**
 * What a dispute's sealed events say about the facts that decide money (who the parties are, what was claimed, how
 * it ended, what was refunded and released), compared with what its row says: a row changed behind the chain's back,
 * or a chain cut short together with its head, shows up here. Read from the canonical forms alone, as an outsider
 * with the case file could.
 */
final class StateFromEvents {

    private StateFromEvents() {
    }

    /** Where the row and the events disagree, or null. */
    static String disagreement(Facts row, List<RecordedEvent> entries) {
        JsonNode opened = null;
        JsonNode closed = null;
        for (RecordedEvent entry : entries) {
            JsonNode event = CanonicalJson.MAPPER.readTree(entry.canonical()).path("event");
            if (entry.type().equals("DISPUTE_OPENED") && opened == null) {
                opened = event;
            } else if (entry.type().equals("DISPUTE_CLOSED")) {
                closed = event;
            }
        }
        if (opened == null) {
            return "no entry records the dispute's opening";
        }
        String problem = differs("order", row.orderId(), text(opened, "orderId"));
        problem = problem != null ? problem : differs("buyer", row.buyerId(), text(opened, "buyerId"));
        problem = problem != null ? problem : differs("seller", row.sellerId(), text(opened, "sellerId"));
        problem = problem != null ? problem : differs("claimed resolution", row.claimType(),
                text(opened.path("claim"), "type"));
        problem = problem != null ? problem : differs("claimed amount", row.claimAmount(),
                number(opened.path("claim"), "amount"));
        if (problem != null) {
            return problem;
        }
        if (closed == null) {
            return row.closed() ? "the dispute says it is closed (" + row.status()
                    + ") but no entry records its closing" : null;
        }
        if (!row.closed()) {
            return "an entry records the dispute's closing but the dispute says it is " + row.status();
        }
        problem = differs("final status", row.status(), text(closed, "status"));
        problem = problem != null ? problem : differs("outcome", row.outcomeType(), text(closed, "outcome"));
        problem = problem != null ? problem : differs("refund to the buyer", row.refundToBuyer(),
                number(closed.path("refundToBuyer"), "amount"));
        problem = problem != null ? problem : differs("release to the seller", row.releaseToSeller(),
                number(closed.path("releaseToSeller"), "amount"));
        return problem != null ? problem : differs("currency", row.currency(),
                text(closed.path("refundToBuyer"), "currency"));
    }

    private static String differs(String what, Object inRow, Object inEvents) {
        return Objects.equals(inRow, inEvents) ? null
                : "the dispute's " + what + " is " + inRow + " but its events say " + inEvents;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.path(member);
        return value.isString() ? value.stringValue() : null;
    }

    private static Long number(JsonNode node, String member) {
        JsonNode value = node.path(member);
        return value.isIntegralNumber() ? value.longValue() : null;
    }
}
