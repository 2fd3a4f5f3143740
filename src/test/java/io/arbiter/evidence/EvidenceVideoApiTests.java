package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.evidence.inspection.SampleVideos;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * Videos compared by their keyframes, through the API, with real H.264 MP4s encoded at test time: a video filming a
 * photo from another dispute is flagged on both, in either order, and a video of another picture on neither.
 */
class EvidenceVideoApiTests extends ApiTest {

    private static final int FRAMES = 30;

    @Test
    void aVideoOfAPhotoFromAnotherDisputeIsFlaggedOnBothAndAPhotoAfterItToo() {
        BufferedImage picture = SampleFiles.picture(320, 240, 71);
        Case first = marketplace.disputeInQueue();
        String photo = upload(first, "photo", "photo.jpg", SampleFiles.jpeg(picture, 0.85f));
        Case second = marketplace.disputeInQueue();
        String video = upload(second, "video", "film.mp4", SampleVideos.filming(picture, FRAMES));
        Case third = marketplace.disputeInQueue();
        String later = upload(third, "photo", "again.jpg", SampleFiles.jpeg(picture, 0.7f));

        assertThat(copies(second, video)).containsExactlyInAnyOrder(photo, later);
        assertThat(copies(first, photo)).containsExactlyInAnyOrder(video, later);
        assertThat(copies(third, later)).containsExactlyInAnyOrder(photo, video);
        JsonNode flag = flags(second, video).get(0);
        assertThat(flag.hasNonNull("comparisonUrl"))
                .as("no side-by-side picture for a video").isFalse();
    }

    @Test
    void aVideoAndAPhotoOfDifferentPicturesAreNotFlagged() {
        Case first = marketplace.disputeInQueue();
        String photo = upload(first, "photo", "photo.jpg", SampleFiles.jpeg(SampleFiles.picture(320, 240, 72), 0.85f));
        Case second = marketplace.disputeInQueue();
        String video = upload(second, "video", "film.mp4",
                SampleVideos.filming(SampleFiles.picture(320, 240, 73), FRAMES));

        assertThat(copies(second, video)).isEmpty();
        assertThat(copies(first, photo)).isEmpty();
    }

    @Test
    void aVideoWithoutFramesDecodedHereIsAcceptedWithoutFlags() {
        Case dispute = marketplace.disputeInQueue();
        String video = upload(dispute, "video", "header.mp4", SampleFiles.mp4());

        assertThat(flags(dispute, video)).isEmpty();
    }

    private List<String> copies(Case dispute, String evidenceId) {
        return CopyFlags.copies(marketplace, dispute, evidenceId);
    }

    private List<JsonNode> flags(Case dispute, String evidenceId) {
        return CopyFlags.flags(marketplace, dispute, evidenceId);
    }

    private String upload(Case dispute, String kind, String name, byte[] file) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", kind, "description", "The item"), name,
                file).expect(201).json().get("id").asString();
    }

    private static String path(Case dispute) {
        return CopyFlags.path(dispute);
    }
}
