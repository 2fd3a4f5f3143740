package io.arbiter.dispute.web;

import java.util.List;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.ResolutionType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Disputes")
class ReasonController {

    private final DisputePolicies policies;

    ReasonController(DisputePolicies policies) {
        this.policies = policies;
    }

    record Reason(DisputeReason code, String label, String guidance,
                  List<DisputeReason.EvidenceRequirement> evidenceRequired, Set<ResolutionType> resolutions) {

        static List<Reason> offeredBy(DisputePolicy policy) {
            return policy.reasons().entrySet().stream()
                    .map(reason -> new Reason(reason.getKey(), reason.getValue().label(), reason.getValue().guidance(),
                            reason.getValue().evidence(), reason.getValue().resolutions()))
                    .toList();
        }
    }

    @GetMapping("/api/v1/reasons")
    @Operation(summary = "The reasons a buyer may choose under the policy in force: guidance, evidence each reason"
            + " needs, resolutions a buyer may ask for")
    List<Reason> reasons() {
        return Reason.offeredBy(policies.inForce());
    }
}
