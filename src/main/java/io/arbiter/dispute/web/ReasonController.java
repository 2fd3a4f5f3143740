package io.arbiter.dispute.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Disputes")
class ReasonController {

    private final DisputePolicies policies;
    private final DisputeService disputes;

    ReasonController(DisputePolicies policies, DisputeService disputes) {
        this.policies = policies;
        this.disputes = disputes;
    }

    record Reason(DisputeReason code, String label, String guidance,
                  List<DisputeReason.EvidenceRequirement> evidenceRequired, Set<ResolutionType> resolutions) {

        static List<Reason> of(Map<DisputeReason, DisputePolicy.ReasonRules> reasons) {
            return reasons.entrySet().stream()
                    .map(reason -> new Reason(reason.getKey(), reason.getValue().label(), reason.getValue().guidance(),
                            reason.getValue().evidence(), reason.getValue().resolutions()))
                    .toList();
        }
    }

    @GetMapping("/api/v1/reasons")
    @Operation(summary = "The reasons a buyer may choose under the policy in force: guidance, evidence each reason"
            + " needs, resolutions a buyer may ask for. With orderId (the caller's order), only the reasons that fit"
            + " its shipping state now: not \"not received\" while the parcel is in transit within its promised"
            + " window, not \"held by customs\" once it was delivered")
    List<Reason> reasons(Actor actor, @Parameter(description = "The buyer's order the dispute would be opened on")
                         @RequestParam(required = false) String orderId) {
        return Reason.of(orderId == null ? policies.inForce().reasons() : disputes.reasonsFor(actor, orderId));
    }
}
