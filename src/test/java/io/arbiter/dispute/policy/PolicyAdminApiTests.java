package io.arbiter.dispute.policy;

import static io.arbiter.support.Json.field;
import static io.arbiter.support.Json.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.arbiter.common.Sha256;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import tools.jackson.databind.JsonNode;

/** The policy in force as admins, buyers and disputes see it; on the default policy that ships in the jar. */
class PolicyAdminApiTests extends ApiTest {

    private static final PolicyFile SHIPPED = PolicyFile.shippedFile();

    @Test
    void anAdminReadsThePolicyInForceWithItsText() {
        JsonNode policy = marketplace.admin().api().get("/api/v1/admin/policy").expect(200).json();

        assertThat(policy.path("version").asString()).isEqualTo("arbiter-default-2");
        assertThat(policy.path("location").asString()).isEqualTo("classpath:policy/default-policy.yml");
        assertThat(policy.path("text").asString()).isEqualTo(SHIPPED.text());
        assertThat(policy.path("sha256").asString()).isEqualTo(Sha256.hex(SHIPPED.text()));
        assertThat(policy.path("recordedAt").asString()).isNotBlank();
        JsonNode windows = policy.path("windows");
        assertThat(windows.path("sellerResponse").asString()).isEqualTo("P5D");
        assertThat(windows.path("evidence").asString()).isEqualTo("P7D");
        assertThat(windows.path("notAsDescribedEvidenceAfterDelivery").asString()).isEqualTo("P3D");
        assertThat(windows.path("returnShipment").asString()).isEqualTo("P10D");
        assertThat(windows.path("returnReceipt").asString()).isEqualTo("P15D");
        assertThat(windows.path("agentReview").asString()).isEqualTo("P2D");
        assertThat(texts(policy.path("reminders"))).containsExactly("P2D", "P1D");
        assertThat(policy.path("outcomes").path("sellerSilent").asString()).isEqualTo("ACCEPT_CLAIM");
        assertThat(policy.path("outcomes").path("agentReviewOverdue").asString()).isEqualTo("FLAG_IN_QUEUE");
        assertThat(field(policy.path("reasons"), "code"))
                .containsExactlyElementsOf(Arrays.stream(DisputeReason.values()).map(Enum::name).toList());
    }

    @Test
    void anAdminListsTheRecordedVersions() {
        JsonNode versions = marketplace.admin().api().get("/api/v1/admin/policy/versions").expect(200).json();

        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("version").asString()).isEqualTo("arbiter-default-2");
        assertThat(versions.get(0).path("sha256").asString()).isEqualTo(SHIPPED.sha256());
        assertThat(versions.get(0).path("inForce").asBoolean()).isTrue();
    }

    @Test
    void theReasonsOfferedAreThoseOfThePolicyInForce() {
        JsonNode reasons = marketplace.buyer().api().get("/api/v1/reasons").expect(200).json();
        JsonNode defective = reasons.get(List.of(DisputeReason.values()).indexOf(DisputeReason.DEFECTIVE));

        assertThat(defective.path("code").asString()).isEqualTo("DEFECTIVE");
        assertThat(defective.path("label").asString()).isEqualTo("Defective or not working");
        assertThat(defective.path("guidance").asString()).startsWith("Record a video");
        assertThat(texts(defective.path("evidenceRequired").get(0).path("acceptedKinds"))).containsExactly("video");
        assertThat(texts(defective.path("resolutions")))
                .containsExactly("FULL_REFUND_WITH_RETURN", "PARTIAL_REFUND", "RESHIPMENT");
        assertThat(reasons).isEqualTo(marketplace.admin().api().get("/api/v1/admin/policy").expect(200).json()
                .path("reasons"));
    }

    @Test
    void aDisputeShowsThePolicyItWasOpenedUnderAndItsReasonRules() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode claim = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .path("claim");

        assertThat(claim.path("policyVersion").asString()).isEqualTo("arbiter-default-2");
        assertThat(claim.path("reasonLabel").asString()).isEqualTo("Quality issue");
        assertThat(field(claim.path("evidenceRequired"), "code")).containsExactly("DEFECTS");
        JsonNode timeline = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .path("timeline");
        assertThat(timeline.get(0).path("summary").asString()).startsWith("The buyer opened a dispute (Quality issue) and asks for");
    }
}
