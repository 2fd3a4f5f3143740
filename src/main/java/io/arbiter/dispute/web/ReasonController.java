package io.arbiter.dispute.web;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.ResolutionType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Disputes")
class ReasonController {

    record Reason(DisputeReason code, String label, String guidance,
                  List<DisputeReason.EvidenceRequirement> evidenceRequired, Set<ResolutionType> resolutions) {
    }

    @GetMapping("/api/v1/reasons")
    @Operation(summary = "The reason catalogue: guidance, evidence each reason needs, resolutions a buyer may ask for")
    List<Reason> reasons() {
        return Arrays.stream(DisputeReason.values())
                .map(r -> new Reason(r, r.label(), r.guidance(), r.evidence(), r.resolutions()))
                .toList();
    }
}
