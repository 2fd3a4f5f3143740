package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.evidence.inspection.EvidenceSamples;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/** What agents are told about a photo's integrity: capture times, plain pictures, and pictures reused widely. */
class EvidenceIntegrityApiTests extends ApiTest {

    @Test
    void aPhotoWithoutAZoneTakenFarEastHalfAnHourBeforeUploadIsNotFlaggedAsTakenAfterIt() {
        // START is 10:00 UTC: taken at 09:30 UTC in UTC+9, the camera wrote 18:30 and no offset.
        byte[] tokyo = EvidenceSamples.withCaptureTime(SampleFiles.jpeg(31), "2026:03:02 18:30:00", null);
        Case dispute = marketplace.disputeInQueue();
        assertThat(codes(dispute, upload(dispute, tokyo))).doesNotContain("CAPTURED_AFTER_UPLOAD");
    }

    @Test
    void aPhotoWhoseOffsetPutsItAfterTheUploadIsFlagged() {
        byte[] later = EvidenceSamples.withCaptureTime(SampleFiles.jpeg(32), "2026:03:02 20:30:00", "+09:00");
        Case dispute = marketplace.disputeInQueue();
        JsonNode flag = flags(dispute, upload(dispute, later)).valueStream()
                .filter(f -> f.get("code").asString().equals("CAPTURED_AFTER_UPLOAD")).findFirst().orElseThrow();
        assertThat(flag.get("detail").asString()).contains("2026-03-02T11:30:00Z");
    }

    @Test
    void agentsSeeTheCaptureTimeAndCameraOfAHeicPhoto() {
        Case dispute = marketplace.disputeInQueue();
        String heic = upload(dispute, "IMG_0001.HEIC", EvidenceSamples.iphoneHeic());
        JsonNode image = marketplace.agent().api().get(path(dispute) + "/" + heic).expect(200).json().get("image");
        assertThat(image.get("capturedAt").asString()).isEqualTo("2026-03-14T07:26:53Z");
        assertThat(image.get("cameraMake").asString()).isEqualTo("Apple");
        assertThat(image.get("cameraModel").asString()).isEqualTo("iPhone 15 Pro");
        assertThat(image.get("software").asString()).isEqualTo("17.4");
    }

    @Test
    void flatPicturesAreMarkedTooPlainToCompareInsteadOfMatchingEachOther() {
        Case first = marketplace.disputeInQueue();
        Case second = marketplace.disputeInQueue();
        String wall = upload(first, SampleFiles.jpeg(EvidenceSamples.flat(800, 600, 0xEEEEEE, 1), 0.9f));
        String otherWall = upload(second, SampleFiles.jpeg(EvidenceSamples.flat(800, 600, 0xEDEDED, 2), 0.8f));
        assertThat(codes(first, wall)).containsExactly("TOO_PLAIN_TO_COMPARE");
        assertThat(codes(second, otherWall)).containsExactly("TOO_PLAIN_TO_COMPARE");
    }

    @Test
    void agentsReadInHowManyOtherDisputesAReusedPictureAppears() {
        var picture = SampleFiles.picture(800, 600, 77);
        Case first = marketplace.disputeInQueue();
        String original = upload(first, SampleFiles.jpeg(picture, 0.92f));
        for (float quality : new float[] {0.92f, 0.7f, 0.5f}) {
            Case other = marketplace.disputeInQueue();
            upload(other, SampleFiles.jpeg(picture, quality));
        }
        JsonNode asAgent = marketplace.agent().api().get(path(first) + "/" + original).expect(200).json();
        assertThat(asAgent.get("appearsInOtherDisputes").asInt()).isEqualTo(3);
        assertThat(codes(first, original)).containsOnly("EXACT_DUPLICATE", "NEAR_DUPLICATE");
        assertThat(first.buyer().api().get(path(first) + "/" + original).expect(200).json()
                .has("appearsInOtherDisputes")).as("parties get the neutral view").isFalse();
    }

    private String upload(Case dispute, byte[] photo) {
        return upload(dispute, "photo.jpg", photo);
    }

    private String upload(Case dispute, String name, byte[] photo) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item",
                "requirement", "DEFECTS"), name, photo).expect(201).json().get("id").asString();
    }

    private JsonNode flags(Case dispute, String evidenceId) {
        return marketplace.agent().api().get(path(dispute) + "/" + evidenceId).expect(200).json().get("flags");
    }

    private List<String> codes(Case dispute, String evidenceId) {
        return flags(dispute, evidenceId).valueStream().map(flag -> flag.get("code").asString()).toList();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
