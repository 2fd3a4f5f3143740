package io.arbiter.evidence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.storage.EvidenceStorageProperties;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * A phone's resumable upload all the way into the vault, with the real evidence service: a video sent in pieces
 * over a connection that drops, then checked, stored and counted; a file whose content betrays its declared kind
 * refused at the last byte with nothing left behind.
 */
class ResumableEvidenceTests extends ApiTest {

    @Autowired
    EvidenceStorageProperties storage;

    @Test
    void aVideoSentInPiecesOverAFlakyConnectionBecomesEvidence() throws IOException {
        Case dispute = marketplace.disputeAwaitingSeller();
        TusClient phone = new TusClient(port, dispute.buyer());
        byte[] video = SampleFiles.mp4(600_000);

        String location = phone.create(dispute.id(), video.length, Map.of("kind", "video",
                "description", "The seam opening while I pull gently", "requirement", "DEFECTS",
                "filename", "seam.mp4")).expect(201).header("Location");
        phone.patch(location, 0, Arrays.copyOfRange(video, 0, 200_000)).expect(204);
        phone.brokenPatch(location, 200_000, Arrays.copyOfRange(video, 200_000, 260_000), 200_000, Map.of());
        long offset = Long.parseLong(phone.head(location).expect(204).header("Upload-Offset"));
        assertThat(offset).isBetween(200_000L, 260_000L);
        Api.Response last = phone.patch(location, offset, Arrays.copyOfRange(video, (int) offset, video.length))
                .expect(204);

        String evidence = last.header("Evidence-Location");
        JsonNode piece = dispute.seller().api().get(evidence).expect(200).json();
        assertThat(piece.get("kind").asString()).isEqualTo("VIDEO");
        assertThat(piece.get("file").get("mediaType").asString()).isEqualTo("video/mp4");
        assertThat(piece.get("file").get("sha256").asString()).isEqualTo(Sha256.hex(video));
        assertThat(dispute.seller().api().download(piece.get("file").get("contentUrl").asString()).body())
                .isEqualTo(video);
        assertThat(dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .get("claim").get("evidence").get("complete").asBoolean()).isTrue();
        assertThat(leftovers("tus")).isEmpty();
        assertThat(leftovers("staging")).isEmpty();
    }

    @Test
    void theSameFileFromTheSamePartyIsOnePieceHoweverOftenItIsSent() {
        Case dispute = marketplace.disputeAwaitingSeller();
        TusClient phone = new TusClient(port, dispute.buyer());
        byte[] video = SampleFiles.mp4(50_000);
        Map<String, String> metadata = Map.of("kind", "video", "description", "The seam opening",
                "requirement", "DEFECTS", "filename", "seam.mp4");

        // The answer to the last PATCH was lost, and a client that does not ask HEAD starts the file over.
        String first = phone.patch(phone.create(dispute.id(), video.length, metadata).expect(201).header("Location"),
                0, video).expect(204).header("Evidence-Location");
        String second = phone.patch(phone.create(dispute.id(), video.length, metadata).expect(201).header("Location"),
                0, video).expect(204).header("Evidence-Location");
        Api.Response inOneRequest = dispute.buyer().api().upload("/api/v1/disputes/" + dispute.id() + "/evidence",
                Map.of("kind", "video", "description", "The seam again"), "seam.mp4", video).expect(200);

        assertThat(second).isEqualTo(first);
        assertThat(inOneRequest.header("Content-Location")).isEqualTo(first);
        assertThat(inOneRequest.json().get("description").asString()).isEqualTo("The seam opening");
        String evidence = "/api/v1/disputes/" + dispute.id() + "/evidence";
        assertThat(dispute.buyer().api().get(evidence).expect(200).json()).hasSize(1);

        dispute.seller().api().upload(evidence, Map.of("kind", "video", "description", "The same video, ours"),
                "seam.mp4", video).expect(201);
        assertThat(dispute.buyer().api().get(evidence).expect(200).json()).as("the other party's is its own piece")
                .hasSize(2);

        String withdrawn = first.substring(first.lastIndexOf('/') + 1);
        dispute.buyer().api().post(evidence + "/" + withdrawn + "/withdrawal", Map.of("reason", "wrong file"))
                .expect(200);
        assertThat(dispute.buyer().api().upload(evidence, Map.of("kind", "video", "description", "Brought back"),
                "seam.mp4", video).expect(201).json().get("id").asString())
                .as("a withdrawn piece no longer counts: bringing its file again is a new piece").isNotEqualTo(withdrawn);
    }

    @Test
    void aPhotoDeclaredAsAVideoIsRefusedAtTheLastByteAndLeavesNothing() {
        Case dispute = marketplace.disputeAwaitingSeller();
        TusClient phone = new TusClient(port, dispute.buyer());
        byte[] photo = SampleFiles.jpeg(5);

        String location = phone.create(dispute.id(), photo.length, Map.of("kind", "video",
                "description", "Not really a video")).expect(201).header("Location");
        Api.Response refused = phone.patch(location, 0, photo);

        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.text()).contains("image/jpeg");
        assertThat(dispute.buyer().api().get("/api/v1/disputes/" + dispute.id() + "/evidence").expect(200).json())
                .isEmpty();
        assertThat(leftovers("tus")).isEmpty();
        assertThat(leftovers("blobs")).as("the refused bytes are not stored")
                .noneMatch(file -> file.getFileName().toString().equals(Sha256.hex(photo)));
    }


    private List<Path> leftovers(String folder) {
        Path directory = storage.directory().resolve(folder);
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
