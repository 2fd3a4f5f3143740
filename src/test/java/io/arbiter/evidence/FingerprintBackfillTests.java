package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.evidence.inspection.EvidenceSamples;
import io.arbiter.evidence.inspection.SampleVideos;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/** Photos stored before fingerprints were kept are compared with the others once fingerprinted after the fact. */
class FingerprintBackfillTests extends ApiTest {

    @Autowired
    FingerprintBackfill backfill;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aPhotoStoredWithoutAFingerprintIsLinkedToItsCopiesOnceFingerprinted() {
        Case earlier = marketplace.disputeInQueue();
        var picture = SampleFiles.picture(800, 600, 4242);
        // As a version that kept no fingerprints left it, an hour ago.
        String old = storedAnHourAgo(earlier, picture, this::forgetFingerprint);
        Case later = marketplace.disputeInQueue();
        String copy = upload(later, SampleFiles.jpeg(picture, 0.6f));
        assertThat(flags(later, copy)).as("the old photo has no fingerprint yet").isEmpty();

        assertThat(backfill.fingerprintAll()).isGreaterThanOrEqualTo(1);

        assertThat(flags(earlier, old)).contains("NEAR_DUPLICATE " + later.id());
        assertThat(flags(later, copy)).contains("NEAR_DUPLICATE " + earlier.id());
        assertThat(detail(later, copy)).as("the copy was uploaded after the old photo").contains("earlier");
        assertThat(backfill.fingerprintAll()).as("a photo is fingerprinted once").isZero();
        assertThat(flags(later, copy)).hasSize(1);
    }

    @Test
    void aPhotoFingerprintedBeforeRegionsWereKeptGetsThemAndIsLinkedToItsCropsOnce() {
        Case earlier = marketplace.disputeInQueue();
        BufferedImage picture = SampleFiles.picture(800, 600, 4343);
        // As the version before regions left it, an hour ago.
        String old = storedAnHourAgo(earlier, picture, this::forgetRegions);
        Case later = marketplace.disputeInQueue();
        BufferedImage crop = new BufferedImage(720, 540, BufferedImage.TYPE_INT_RGB);
        crop.getGraphics().drawImage(picture.getSubimage(48, 36, 720, 540), 0, 0, null);
        String copy = upload(later, SampleFiles.jpeg(crop, 0.85f));

        assertThat(backfill.fingerprintAll()).isGreaterThanOrEqualTo(1);

        assertThat(flags(earlier, old)).containsOnlyOnce("NEAR_DUPLICATE " + later.id());
        assertThat(flags(later, copy)).containsOnlyOnce("NEAR_DUPLICATE " + earlier.id());
        assertThat(backfill.fingerprintAll()).as("a photo gets its regions once").isZero();
    }

    @Test
    void aTrimmedPhotoWhoseRegionsV36RemovedGetsItsPictureUntrimmedAndIsLinkedToABrighterCopy() {
        Case earlier = marketplace.disputeInQueue();
        BufferedImage picture = EvidenceSamples.withFaintBand(800, 600, 4545);
        // As V36 leaves a photo whose trimming cut something: its regions gone, its picture whole kept.
        String old = upload(earlier, "photo.png", EvidenceSamples.png(picture));
        forgetRegions(old);
        marketplace.advance(Duration.ofHours(1));
        Case later = marketplace.disputeInQueue();
        String copy = upload(later, "photo.png", EvidenceSamples.png(EvidenceSamples.brightened(picture, 1.25)));
        assertThat(flags(later, copy)).as("trimmed, the old photo is far from the brighter copy").isEmpty();

        assertThat(backfill.fingerprintAll()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select count(*) from evidence_fingerprint_region where evidence_id = :id and box_x = 0"
                        + " and box_y = 0 and box_width = 10000 and box_height = 10000 and region > 0")
                .param("id", UUID.fromString(old)).query(Integer.class).single()).as("the picture untrimmed").isOne();
        assertThat(flags(earlier, old)).containsExactly("NEAR_DUPLICATE " + later.id());
        assertThat(flags(later, copy)).containsExactly("NEAR_DUPLICATE " + earlier.id());
        assertThat(backfill.fingerprintAll()).as("a photo is fingerprinted once").isZero();
    }

    @Test
    void aVideoStoredWithoutKeyframesIsLinkedToAPhotoOfItOnceItsKeyframesAreFingerprinted() {
        Case earlier = marketplace.disputeInQueue();
        BufferedImage picture = SampleFiles.picture(320, 240, 4444);
        String video = earlier.buyer().api().upload(path(earlier), Map.of("kind", "video", "description",
                "The item"), "film.mp4", SampleVideos.filming(picture, 30)).expect(201).json().get("id").asString();
        // As the version before keyframes left it, an hour ago.
        jdbc.sql("delete from evidence_fingerprint_frame where evidence_id = :id")
                .param("id", UUID.fromString(video)).update();
        forgetFingerprint(video);
        marketplace.advance(Duration.ofHours(1));
        Case later = marketplace.disputeInQueue();
        String photo = upload(later, SampleFiles.jpeg(picture, 0.8f));
        assertThat(flags(later, photo)).as("the old video has no keyframes yet").isEmpty();

        assertThat(backfill.fingerprintAll()).isGreaterThanOrEqualTo(1);

        assertThat(flags(earlier, video)).containsExactly("NEAR_DUPLICATE " + later.id());
        assertThat(flags(later, photo)).containsExactly("NEAR_DUPLICATE " + earlier.id());
        assertThat(backfill.fingerprintAll()).as("a video is fingerprinted once").isZero();
    }

    private String storedAnHourAgo(Case dispute, BufferedImage picture, Consumer<String> forget) {
        String stored = upload(dispute, SampleFiles.jpeg(picture, 0.92f));
        forget.accept(stored);
        marketplace.advance(Duration.ofHours(1));
        return stored;
    }

    private void forgetRegions(String evidenceId) {
        UUID id = UUID.fromString(evidenceId);
        jdbc.sql("delete from evidence_fingerprint_region_chunk where evidence_id = :id").param("id", id).update();
        jdbc.sql("delete from evidence_fingerprint_region where evidence_id = :id").param("id", id).update();
    }

    private void forgetFingerprint(String evidenceId) {
        forgetRegions(evidenceId);
        UUID id = UUID.fromString(evidenceId);
        jdbc.sql("delete from evidence_fingerprint_chunk where evidence_id = :id").param("id", id).update();
        jdbc.sql("delete from evidence_fingerprint where evidence_id = :id").param("id", id).update();
    }

    private String upload(Case dispute, byte[] photo) {
        return upload(dispute, "photo.jpg", photo);
    }

    private String upload(Case dispute, String fileName, byte[] photo) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item",
                "requirement", "DEFECTS"), fileName, photo).expect(201).json().get("id").asString();
    }

    private List<String> flags(Case dispute, String evidenceId) {
        return piece(dispute, evidenceId).get("flags").valueStream()
                .filter(flag -> flag.get("code").asString().endsWith("DUPLICATE"))
                .map(flag -> flag.get("code").asString() + " " + flag.get("relatedDisputeId").asString()).toList();
    }

    private String detail(Case dispute, String evidenceId) {
        return piece(dispute, evidenceId).get("flags").get(0).get("detail").asString();
    }

    private JsonNode piece(Case dispute, String evidenceId) {
        return marketplace.agent().api().get(path(dispute) + "/" + evidenceId).expect(200).json();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
