package io.arbiter.insight.web;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.dispute.DisputeReason;
import io.arbiter.identity.Actor;
import io.arbiter.insight.DisputeMetrics;
import io.arbiter.insight.Insight;
import io.arbiter.insight.PartyMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Metrics", description = "Figures over disputes. Windows: from (inclusive) and to (exclusive), ISO 8601"
        + " instants; to defaults to now and from to 30 days before to; at most 366 days, from 2000 on (422 naming"
        + " the field otherwise, 400 when one cannot be read).")
class MetricsController {

    private static final String FROM = "Start of the window, inclusive (default: 30 days before to)";
    private static final String TO = "End of the window, exclusive (default: now)";

    private final Insight insight;

    MetricsController(Insight insight) {
        this.insight = insight;
    }

    @GetMapping("/api/v1/metrics/disputes")
    @Operation(summary = "The dispute desk in figures (admin, integration): disputes opened by reason, status and"
            + " currency; closed by outcome with time to resolution (p50, p90); money refunded and released per"
            + " currency from the ledger; due times passed; agents' review times; the backlog now")
    @ApiResponse(responseCode = "200", description = "Amounts in minor units, durations in seconds",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = """
                    {"from":"2026-11-07T00:00:00Z","to":"2026-12-07T00:00:00Z","asOf":"2026-12-07T05:00:00Z",
                     "opened":{"total":42,"byReason":{"NOT_RECEIVED":12,"NOT_AS_DESCRIBED":20,"DEFECTIVE":10},
                               "byStatus":{"AWAITING_SELLER":5,"UNDER_REVIEW":7,"RESOLVED":27,"WITHDRAWN":3},
                               "byCurrency":{"EUR":40,"USD":2}},
                     "closed":{"total":30,"byOutcome":{"FULL_REFUND":11,"PARTIAL_REFUND":9,"CLAIM_REJECTED":7},
                               "bySettledBy":{"AGREEMENT":15,"AGENT_DECISION":9,"WITHDRAWAL":3,"DUE_TIME_PASSED":3},
                               "timeToResolution":{"count":30,"p50Seconds":259200,"p90Seconds":864000}},
                     "money":[{"currency":"EUR","exponent":2,"refunded":81400,"released":40210}],
                     "dueTimesPassed":[{"dueTime":"CURRENT","party":"SELLER","count":3},
                                       {"dueTime":"EVIDENCE","party":"BUYER","count":1}],
                     "agents":[{"agentId":"agent-agnes","decisions":9,"p50Seconds":86400,"p90Seconds":172800}],
                     "backlog":{"open":12,"byStatus":{"AWAITING_SELLER":5,"UNDER_REVIEW":7},"awaitingAgent":2,
                                "overdueReviews":1}}""")))
    DisputeMetrics disputes(Actor actor,
            @Parameter(description = FROM, example = "2026-11-07T00:00:00Z") @RequestParam(required = false) Instant from,
            @Parameter(description = TO, example = "2026-12-07T00:00:00Z") @RequestParam(required = false) Instant to,
            @Parameter(description = "Only disputes of this reason (the backlog too)") @RequestParam(required = false)
            DisputeReason reason) {
        return insight.disputes(actor, insight.window(from, to), reason);
    }

    @GetMapping("/api/v1/sellers/{sellerId}/metrics")
    @Operation(summary = "A seller's record over the window (agent, admin, integration): disputes received, settled"
            + " with the buyer before an agent, median time to the first answer, escalated, decisions against it")
    @ApiResponse(responseCode = "200", description = "Durations in seconds; shares from 0 to 1",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = """
                    {"sellerId":"seller-sam","from":"2026-11-07T00:00:00Z","to":"2026-12-07T00:00:00Z",
                     "received":10,"settledBeforeAgent":6,"settledBeforeAgentShare":0.6,
                     "medianFirstAnswerSeconds":14400,"answered":9,"escalated":3,"decisionsAgainst":2}""")))
    PartyMetrics.Seller seller(Actor actor, @PathVariable String sellerId,
            @Parameter(description = FROM) @RequestParam(required = false) Instant from,
            @Parameter(description = TO) @RequestParam(required = false) Instant to) {
        return insight.seller(actor, sellerId, insight.window(from, to));
    }

    @GetMapping("/api/v1/buyers/{buyerId}/metrics")
    @Operation(summary = "A buyer's record over the window (agent, admin, integration): disputes opened, how they"
            + " ended (refunded, rejected, withdrawn), escalated, evidence flags raised on the buyer's evidence")
    @ApiResponse(responseCode = "200", description = "Shares from 0 to 1",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = """
                    {"buyerId":"buyer-alice","from":"2026-11-07T00:00:00Z","to":"2026-12-07T00:00:00Z",
                     "opened":6,"refunded":3,"rejected":1,"withdrawn":1,"escalated":2,"escalatedShare":0.3333,
                     "evidenceFlags":1}""")))
    PartyMetrics.Buyer buyer(Actor actor, @PathVariable String buyerId,
            @Parameter(description = FROM) @RequestParam(required = false) Instant from,
            @Parameter(description = TO) @RequestParam(required = false) Instant to) {
        return insight.buyer(actor, buyerId, insight.window(from, to));
    }
}
