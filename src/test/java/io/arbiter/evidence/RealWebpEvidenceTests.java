package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * A WebP photo as a phone or a browser writes it (made with libwebp's cwebp at quality 80 from the JPEG that
 * {@code SampleFiles.picture(800, 600, 9090)} gives), not a header written by hand: it is measured, thumbnailed,
 * fingerprinted, and linked to the JPEG it was made from.
 */
class RealWebpEvidenceTests extends ApiTest {

    @Test
    void aWebpMadeFromAJpegIsFlaggedAsItsCopyInAnotherDispute() throws IOException {
        byte[] webp;
        try (InputStream in = getClass().getResourceAsStream("photo-9090-cwebp-q80.webp")) {
            webp = in.readAllBytes();
        }
        Case first = marketplace.disputeInQueue();
        Case second = marketplace.disputeInQueue();
        String jpegId = upload(first, "photo.jpg", SampleFiles.jpeg(SampleFiles.picture(800, 600, 9090), 0.92f));
        String webpId = upload(second, "photo.webp", webp);

        JsonNode piece = marketplace.agent().api().get(path(second) + "/" + webpId).expect(200).json();
        assertThat(piece.get("file").get("mediaType").asString()).isEqualTo("image/webp");
        assertThat(piece.get("image").get("width").asInt()).isEqualTo(800);
        assertThat(piece.get("image").get("height").asInt()).isEqualTo(600);
        assertThat(piece.get("flags").valueStream().map(flag -> flag.get("code").asString()))
                .contains("NEAR_DUPLICATE");
        assertThat(marketplace.agent().api().get(path(first) + "/" + jpegId).expect(200).json().get("flags")
                .valueStream().map(flag -> flag.get("relatedDisputeId").asString())).contains(second.id());
        var thumbnail = marketplace.agent().api().download(piece.get("file").get("thumbnailUrl").asString());
        assertThat(thumbnail.status()).isEqualTo(200);
        assertThat(thumbnail.header("Content-Type")).isEqualTo("image/jpeg");
    }

    private String upload(Case dispute, String name, byte[] photo) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item",
                "requirement", "DEFECTS"), name, photo).expect(201).json().get("id").asString();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
