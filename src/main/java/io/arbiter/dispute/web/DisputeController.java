package io.arbiter.dispute.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.common.PageRequest;
import io.arbiter.common.PageResult;
import io.arbiter.dispute.Dispute;
import io.arbiter.dispute.DisputeFilter;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeStatus;
import io.arbiter.dispute.DisputeSummary;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.OpenDispute;
import io.arbiter.dispute.OpenDispute.Resolution;
import io.arbiter.dispute.Party;
import io.arbiter.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The dispute API. Every response carries the dispute's version as an ETag; send it back as
 * {@code If-Match} to make sure you act on what you last saw (409 if the dispute changed meanwhile).
 */
@RestController
@RequestMapping("/api/v1/disputes")
@Tag(name = "Disputes")
class DisputeController {

    private final DisputeService disputes;

    DisputeController(DisputeService disputes) {
        this.disputes = disputes;
    }

    record AcceptOffer(UUID offerId, Boolean sellerPaysReturnShipping, @Size(max = 2000) String returnAddress) {
    }

    record DeclineOffer(UUID offerId, @Size(max = 5000) String note) {
    }

    record MakeOffer(@NotNull @Valid Resolution resolution, @Size(max = 5000) String note) {
    }

    record Contest(@NotBlank @Size(max = 10000) String statement) {
    }

    record PrivateLimit(@NotNull @Min(1) Long amount) {
    }

    record Note(@Size(max = 5000) String reason) {
    }

    record Message(@NotBlank @Size(max = 5000) String text) {
    }

    // Named apart from the dispute's own InformationRequest, which springdoc would otherwise document in this
    // body's place.
    @Schema(name = "InformationRequestBody")
    record InformationRequest(@NotNull Party from, @NotBlank @Size(max = 5000) String question,
                              @Schema(description = "When the answer is due: in the future and at most "
                                      + Dispute.LONGEST_AGENT_DUE_DAYS + " days from now"
                                      + " (else 422 naming dueAt); the policy's window when left out")
                              Instant dueAt) {
    }

    record Answer(@NotBlank @Size(max = 10000) String text) {
    }

    record Ruling(@NotNull @Valid Resolution resolution, @NotBlank @Size(max = 10000) String reasons) {
    }

    record ReturnAddress(@NotBlank @Size(max = 2000) String address) {
    }

    record ReturnShipment(@NotBlank @Size(max = 100) String carrier, @NotBlank @Size(max = 100) String trackingNumber,
                          @PositiveOrZero Long shippingCost) {
    }

    record ReturnDelivered(Instant deliveredAt) {
    }

    /** The reason is checked by the dispute (a blank one is a 422 naming {@code reason}). */
    record DueTimeExtension(@NotNull DueTime dueTime,
                            @Schema(description = "The new due time: later than the running one and than now, and at"
                                    + " most " + Dispute.LONGEST_AGENT_DUE_DAYS + " days after the later of the two (else 422 naming until)")
                            @NotNull Instant until,
                            @Size(max = 5000) String reason) {
    }

    @PostMapping
    @Operation(summary = "Open a dispute on one of your orders (buyer)")
    ResponseEntity<DisputeView> open(Actor actor, @Valid @RequestBody OpenDispute request) {
        DisputeView view = disputes.open(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/disputes/" + view.id())).eTag(etag(view)).body(view);
    }

    @GetMapping
    @Operation(summary = "List the disputes you can see, newest first or by due time")
    PageResult<DisputeSummary> list(Actor actor,
            @RequestParam(required = false) List<DisputeStatus> status,
            @Parameter(description = "Only disputes where it is your move")
            @RequestParam(defaultValue = "false") boolean awaitingMyAction,
            @RequestParam(required = false) String orderId,
            @Parameter(description = "Agents: UNASSIGNED is the queue, MINE the cases you took")
            @RequestParam(required = false) DisputeFilter.Assignment assignment,
            @RequestParam(defaultValue = "LATEST") DisputeFilter.Sort sort,
            @Parameter(description = "Agents: only cases flagged past their review due time")
            @RequestParam(defaultValue = "false") boolean overdue,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return disputes.list(actor, new DisputeFilter(status, awaitingMyAction, orderId, assignment, sort, overdue),
                new PageRequest(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dispute with its status, whose move, your allowed actions, due time and timeline")
    ResponseEntity<DisputeView> get(Actor actor, @PathVariable UUID id) {
        return ok(disputes.get(actor, id));
    }

    @PostMapping("/{id}/accept")
    @Operation(summary = "Accept the other side's open offer (the seller: the buyer's claim as asked)")
    ResponseEntity<DisputeView> accept(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody(required = false) AcceptOffer body) {
        AcceptOffer accept = body == null ? new AcceptOffer(null, null, null) : body;
        return ok(disputes.acceptOffer(actor, id, version.value(), accept.offerId(),
                Boolean.TRUE.equals(accept.sellerPaysReturnShipping()), accept.returnAddress()));
    }

    @PostMapping("/{id}/decline")
    @Operation(summary = "Decline the other side's open offer; you may then offer again or escalate")
    ResponseEntity<DisputeView> decline(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody(required = false) DeclineOffer body) {
        DeclineOffer decline = body == null ? new DeclineOffer(null, null) : body;
        return ok(disputes.declineOffer(actor, id, version.value(), decline.offerId(), decline.note()));
    }

    @PostMapping("/{id}/offers")
    @Operation(summary = "Make an offer (a counter-offer declines the other side's open one)")
    ResponseEntity<DisputeView> offer(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody MakeOffer body) {
        return ok(disputes.makeOffer(actor, id, version.value(), body.resolution().terms(), body.note()));
    }

    @PostMapping("/{id}/contest")
    @Operation(summary = "The seller refuses the claim with a statement (once, before any decision)")
    ResponseEntity<DisputeView> contest(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody Contest body) {
        return ok(disputes.contest(actor, id, version.value(), body.statement()));
    }

    @PostMapping("/{id}/private-limit")
    @Operation(summary = "Privately state the partial refund you would settle for (never shown to the other side)")
    ResponseEntity<DisputeView> privateLimit(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody PrivateLimit body) {
        return ok(disputes.statePrivateLimit(actor, id, version.value(), body.amount()));
    }

    @PostMapping("/{id}/escalate")
    @Operation(summary = "Ask the marketplace's agents to decide, once negotiation has failed")
    ResponseEntity<DisputeView> escalate(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody(required = false) Note body) {
        return ok(disputes.escalate(actor, id, version.value(), body == null ? null : body.reason()));
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "The buyer withdraws the dispute (any time before a decision); the payment goes to the seller")
    ResponseEntity<DisputeView> withdraw(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody(required = false) Note body) {
        return ok(disputes.withdraw(actor, id, version.value(), body == null ? null : body.reason()));
    }

    @PostMapping("/{id}/messages")
    @Operation(summary = "Write a message on the dispute (both parties and the assigned agent read it)")
    ResponseEntity<DisputeView> message(Actor actor, @PathVariable UUID id, @Valid @RequestBody Message body) {
        return ok(disputes.sendMessage(actor, id, body.text()));
    }

    @PostMapping("/{id}/take")
    @Operation(summary = "An agent takes an escalated case from the queue")
    ResponseEntity<DisputeView> take(Actor actor, @PathVariable UUID id, ExpectedVersion version) {
        return ok(disputes.takeCase(actor, id, version.value()));
    }

    @PostMapping("/{id}/information-requests")
    @Operation(summary = "The agent asks the buyer or the seller for more information, by a due time")
    ResponseEntity<DisputeView> requestInformation(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody InformationRequest body) {
        return ok(disputes.requestInformation(actor, id, version.value(), body.from(), body.question(), body.dueAt()));
    }

    @PostMapping("/{id}/information-response")
    @Operation(summary = "Answer the agent's request for information")
    ResponseEntity<DisputeView> respond(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody Answer body) {
        return ok(disputes.respondToInformationRequest(actor, id, version.value(), body.text()));
    }

    @PostMapping("/{id}/suggestion")
    @Operation(summary = "The agent suggests a resolution; it is carried out once both parties accept it")
    ResponseEntity<DisputeView> suggest(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody Ruling body) {
        return ok(disputes.postSuggestion(actor, id, version.value(), body.resolution().terms(), body.reasons()));
    }

    @PostMapping("/{id}/suggestion/accept")
    @Operation(summary = "Accept the agent's suggestion")
    ResponseEntity<DisputeView> acceptSuggestion(Actor actor, @PathVariable UUID id, ExpectedVersion version) {
        return ok(disputes.acceptSuggestion(actor, id, version.value()));
    }

    @PostMapping("/{id}/decision")
    @Operation(summary = "The agent's final decision, with written reasons")
    ResponseEntity<DisputeView> decide(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody Ruling body) {
        return ok(disputes.decide(actor, id, version.value(), body.resolution().terms(), body.reasons()));
    }

    @PostMapping("/{id}/return/address")
    @Operation(summary = "The seller confirms where the item goes back to")
    ResponseEntity<DisputeView> returnAddress(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody ReturnAddress body) {
        return ok(disputes.confirmReturnAddress(actor, id, version.value(), body.address()));
    }

    @PostMapping("/{id}/return/shipment")
    @Operation(summary = "The buyer records the return shipment (only after the seller confirmed the address)")
    ResponseEntity<DisputeView> shipReturn(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody ReturnShipment body) {
        return ok(disputes.shipReturn(actor, id, version.value(), body.carrier(), body.trackingNumber(),
                body.shippingCost()));
    }

    @PostMapping("/{id}/return/delivered")
    @Operation(summary = "The integration reports that tracking shows the return delivered to the seller")
    ResponseEntity<DisputeView> returnDelivered(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody(required = false) ReturnDelivered body) {
        return ok(disputes.reportReturnDelivered(actor, id, version.value(), body == null ? null : body.deliveredAt()));
    }

    @PostMapping("/{id}/return/receipt")
    @Operation(summary = "The seller confirms the return arrived; the buyer is refunded")
    ResponseEntity<DisputeView> returnReceipt(Actor actor, @PathVariable UUID id, ExpectedVersion version) {
        return ok(disputes.confirmReturnReceipt(actor, id, version.value()));
    }

    @PostMapping("/{id}/due-time-extensions")
    @Operation(summary = "An agent extends a running due time (the current step's or the evidence's), with a reason")
    ResponseEntity<DisputeView> extendDueTime(Actor actor, @PathVariable UUID id, ExpectedVersion version,
            @Valid @RequestBody DueTimeExtension body) {
        return ok(disputes.extendDueTime(actor, id, version.value(), body.dueTime(), body.until(), body.reason()));
    }

    private static ResponseEntity<DisputeView> ok(DisputeView view) {
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    private static String etag(DisputeView view) {
        return "\"" + view.version() + "\"";
    }

}
