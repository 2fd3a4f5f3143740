package io.arbiter.dispute.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.policy.PolicyFile;
import io.arbiter.dispute.policy.PolicyVersions;
import io.arbiter.dispute.policy.PolicyVersions.RecordedVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/admin/policy")
@Tag(name = "Policy")
class PolicyController {

    private final PolicyVersions versions;

    PolicyController(PolicyVersions versions) {
        this.versions = versions;
    }

    /** Windows as ISO-8601 durations; {@code notAsDescribedEvidenceAfterDelivery} is absent when switched off. */
    record Windows(String sellerResponse, String buyerResponse, String evidence,
                   String notAsDescribedEvidenceAfterDelivery, String returnAddress, String returnShipment,
                   String returnReceipt, String buyerProtection, String informationRequest, String agentReview) {

        static Windows of(DisputePolicy policy) {
            return new Windows(iso(policy.sellerResponse()), iso(policy.buyerResponse()), iso(policy.evidence()),
                    iso(policy.notAsDescribedEvidenceAfterDelivery()), iso(policy.returnAddress()),
                    iso(policy.returnShipment()), iso(policy.returnReceipt()), iso(policy.buyerProtection()),
                    iso(policy.informationRequest()), iso(policy.agentReview()));
        }
    }

    record Policy(String version, String sha256, Instant recordedAt, String location, Windows windows,
                  List<String> reminders, DisputePolicy.Outcomes outcomes, List<ReasonController.Reason> reasons,
                  String text) {
    }

    @GetMapping
    @Operation(summary = "The policy in force (admin): its version, windows, outcomes and reasons, and the file's text")
    Policy inForce() {
        PolicyFile file = versions.inForceFile();
        DisputePolicy policy = file.policy();
        Instant recordedAt = versions.recorded().stream().filter(RecordedVersion::inForce).findFirst()
                .map(RecordedVersion::recordedAt).orElseThrow();
        return new Policy(policy.version(), file.sha256(), recordedAt, file.location(), Windows.of(policy),
                policy.reminders().stream().map(PolicyController::iso).toList(), policy.outcomes(),
                ReasonController.Reason.of(policy.reasons()), file.text());
    }

    @GetMapping("/versions")
    @Operation(summary = "Every policy version recorded, the oldest first (admin); disputes keep the version they"
            + " were opened under")
    List<RecordedVersion> recorded() {
        return versions.recorded();
    }

    /** Whole days read as days (P5D), not as hours (PT120H). */
    private static String iso(Duration duration) {
        if (duration == null) {
            return null;
        }
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0 ? "P" + duration.toDays() + "D"
                : duration.toString();
    }
}
