package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import io.arbiter.evidence.inspection.ContentInspector;
import io.arbiter.evidence.inspection.HeifSamples;
import io.arbiter.evidence.inspection.InspectionLimits;
import io.arbiter.evidence.storage.BlobReaper;
import io.arbiter.evidence.storage.BlobStore;
import io.arbiter.evidence.storage.EvidenceFiles;
import io.arbiter.evidence.storage.Staging;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.HeifTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * HEIC photos through the API, decoded by libheif's heif-convert and compared as JPEGs are, with real HEICs encoded
 * at test time: a phone's sideways HEIC (turned by its rotation property) of a picture another dispute filed as a
 * JPEG is flagged on both, in either order, whether its whole picture or its thumbnail was decoded; and one stored
 * while no decoder was installed is fingerprinted by the backfill once it is, never read in vain before, and gets
 * its thumbnail then.
 */
@HeifTest
class EvidenceHeicApiTests extends ApiTest {

    @Autowired
    FingerprintBackfill backfill;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EvidenceRecords records;
    @Autowired
    ImageFingerprints fingerprints;
    @Autowired
    IntegrityFlags integrityFlags;
    @Autowired
    EvidenceFiles files;
    @Autowired
    Staging staging;
    @Autowired
    BlobStore blobs;
    @Autowired
    BlobReaper reaper;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;

    @Test
    void aSidewaysHeicOfAJpegFromAnotherDisputeIsFlaggedOnBothAndAJpegAfterItToo() {
        BufferedImage picture = SampleFiles.picture(640, 480, 5151);
        Case first = marketplace.disputeInQueue();
        String jpeg = upload(first, "photo.jpg", SampleFiles.jpeg(picture, 0.85f));
        Case second = marketplace.disputeInQueue();
        String heic = upload(second, "IMG_0002.HEIC", HeifSamples.heic(HeifSamples.turnedClockwise(picture), 1, -1));
        Case third = marketplace.disputeInQueue();
        String later = upload(third, "again.jpg", SampleFiles.jpeg(picture, 0.7f));

        assertThat(copies(second, heic)).containsExactlyInAnyOrder(jpeg, later);
        assertThat(copies(first, jpeg)).containsExactlyInAnyOrder(heic, later);
        assertThat(copies(third, later)).containsExactlyInAnyOrder(jpeg, heic);
        assertThat(distance(second, heic, jpeg)).as("hashed upright, as the JPEG is").isLessThanOrEqualTo(4);
    }

    @Test
    void aPhonesSidewaysHeicFingerprintedFromItsThumbnailIsFlaggedAsACopyAndShownUpright() throws IOException {
        BufferedImage picture = SampleFiles.picture(1280, 960, 5757);
        // As an iPhone writes a portrait: a 240 x 320 thumbnail coded sideways, the rotation on the picture only.
        Uploaded both = jpegThenHeic(picture, HeifSamples.heicWithThumbnail(HeifSamples.turnedClockwise(picture),
                320, 1, -1));

        assertThat(copies(both.heicCase(), both.heic())).containsExactly(both.jpeg());
        assertThat(copies(both.jpegCase(), both.jpeg())).containsExactly(both.heic());
        assertThat(distance(both.heicCase(), both.heic(), both.jpeg())).isLessThanOrEqualTo(4);
        BufferedImage thumbnail = image(path(both.heicCase()) + "/" + both.heic() + "/thumbnail", "image/jpeg");
        assertThat(thumbnail.getWidth()).as("upright").isEqualTo(320);
        assertThat(thumbnail.getHeight()).isEqualTo(240);
    }

    @Test
    void anAgentSeesAHeicUprightBesideTheJpegItCopies() throws IOException {
        BufferedImage picture = SampleFiles.picture(640, 480, 5656);
        Uploaded both = jpegThenHeic(picture, HeifSamples.heic(HeifSamples.turnedClockwise(picture), 1, -1));
        Case second = both.heicCase();
        String jpeg = both.jpeg();
        String heic = both.heic();

        BufferedImage thumbnail = image(path(second) + "/" + heic + "/thumbnail", "image/jpeg");
        assertThat(thumbnail.getWidth()).as("turned by its rotation property, as people see it")
                .isGreaterThan(thumbnail.getHeight());
        JsonNode flag = flags(second, heic).stream()
                .filter(raised -> raised.get("relatedEvidenceId").asString().equals(jpeg)).findFirst().orElseThrow();
        BufferedImage sideBySide = image(flag.get("comparisonUrl").asString(), "image/png");
        assertThat(sideBySide.getWidth()).isGreaterThan(2 * thumbnail.getWidth());
    }

    @Test
    void aHeicOfAnotherPictureIsNotFlagged() {
        Case first = marketplace.disputeInQueue();
        String jpeg = upload(first, "photo.jpg", SampleFiles.jpeg(SampleFiles.picture(640, 480, 5252), 0.85f));
        Case second = marketplace.disputeInQueue();
        String heic = upload(second, "IMG_0003.HEIC", HeifSamples.heic(SampleFiles.picture(640, 480, 5353)));

        assertThat(copies(second, heic)).isEmpty();
        assertThat(copies(first, jpeg)).isEmpty();
    }

    @Test
    void aHeicStoredWithoutTheDecoderWaitsForItAndIsLinkedOnceItIsInstalled() throws IOException {
        BufferedImage picture = SampleFiles.picture(640, 480, 5454);
        Case earlier = marketplace.disputeInQueue();
        String heic = upload(earlier, "IMG_0004.HEIC", HeifSamples.heic(picture));
        // As a version that kept no HEIC fingerprints (nor, without a decoder, thumbnails) left it, an hour ago.
        forgetFingerprint(UUID.fromString(heic));
        forgetThumbnail(UUID.fromString(heic));
        assertThat(marketplace.agent().api().download(path(earlier) + "/" + heic + "/thumbnail").status())
                .isEqualTo(404);
        marketplace.advance(Duration.ofHours(1));
        Case later = marketplace.disputeInQueue();
        String jpeg = upload(later, "photo.jpg", SampleFiles.jpeg(picture, 0.8f));
        assertThat(copies(later, jpeg)).as("the HEIC has no fingerprint yet").isEmpty();

        FingerprintBackfill withoutDecoder = new FingerprintBackfill(jdbc, records, fingerprints, integrityFlags,
                new ContentInspector(InspectionLimits.defaults()), files, staging, blobs, reaper, transactions, clock,
                true);
        assertThat(withoutDecoder.fingerprintAll()).as("the HEIC is remembered as waiting").isGreaterThanOrEqualTo(1);
        assertThat(awaited(heic)).containsExactly("heif-convert");
        assertThat(withoutDecoder.fingerprintAll()).as("and not read again while the decoder is missing").isZero();

        assertThat(backfill.fingerprintAll()).as("with the decoder").isGreaterThanOrEqualTo(1);

        assertThat(awaited(heic)).isEmpty();
        assertThat(copies(earlier, heic)).containsExactly(jpeg);
        assertThat(copies(later, jpeg)).containsExactly(heic);
        assertThat(backfill.fingerprintAll()).as("a HEIC is fingerprinted once").isZero();
        BufferedImage thumbnail = image(path(earlier) + "/" + heic + "/thumbnail", "image/jpeg");
        assertThat(thumbnail.getWidth()).as("drawn by the decoder for the backfill").isEqualTo(320);
        JsonNode flag = flags(earlier, heic).stream()
                .filter(raised -> raised.get("relatedEvidenceId").asString().equals(jpeg)).findFirst().orElseThrow();
        assertThat(flag.hasNonNull("comparisonUrl")).as("agents can see them side by side").isTrue();
        assertThat(image(flag.get("comparisonUrl").asString(), "image/png").getWidth())
                .isGreaterThan(2 * thumbnail.getWidth());
    }

    @Test
    void aHeicTheDecoderCannotReadIsAcceptedAndNotReadAgain() {
        byte[] damaged = HeifSamples.damaged(HeifSamples.heic(SampleFiles.picture(320, 240, 5555)));
        Case dispute = marketplace.disputeInQueue();
        String heic = upload(dispute, "IMG_0005.HEIC", damaged);

        assertThat(jdbc.sql("select reason from evidence_fingerprint_unreadable where evidence_id = :id"
                + " and awaits_decoder is null").param("id", UUID.fromString(heic)).query(String.class).list())
                .singleElement().asString().startsWith("heif-convert failed");
        assertThat(backfill.fingerprintAll()).isZero();
    }

    /** A JPEG uploaded to one dispute, then a HEIC to another. */
    private record Uploaded(Case jpegCase, String jpeg, Case heicCase, String heic) {
    }

    private Uploaded jpegThenHeic(BufferedImage picture, byte[] heic) {
        Case first = marketplace.disputeInQueue();
        String jpeg = upload(first, "photo.jpg", SampleFiles.jpeg(picture, 0.85f));
        Case second = marketplace.disputeInQueue();
        return new Uploaded(first, jpeg, second, upload(second, "IMG_0006.HEIC", heic));
    }

    private void forgetFingerprint(UUID id) {
        for (String table : List.of("evidence_fingerprint_region_chunk", "evidence_fingerprint_region",
                "evidence_fingerprint_chunk", "evidence_fingerprint")) {
            jdbc.sql("delete from " + table + " where evidence_id = :id").param("id", id).update();
        }
    }

    private void forgetThumbnail(UUID id) {
        jdbc.sql("update evidence set thumbnail_sha256 = null where id = :id").param("id", id).update();
    }

    private List<String> awaited(String evidenceId) {
        return jdbc.sql("select awaits_decoder from evidence_fingerprint_unreadable where evidence_id = :id")
                .param("id", UUID.fromString(evidenceId)).query(String.class).list();
    }

    private int distance(Case dispute, String evidenceId, String relatedId) {
        return flags(dispute, evidenceId).stream()
                .filter(flag -> flag.get("relatedEvidenceId").asString().equals(relatedId))
                .mapToInt(flag -> flag.get("distance").asInt()).min().orElseThrow();
    }

    private List<String> copies(Case dispute, String evidenceId) {
        return CopyFlags.copies(marketplace, dispute, evidenceId);
    }

    private List<JsonNode> flags(Case dispute, String evidenceId) {
        return CopyFlags.flags(marketplace, dispute, evidenceId);
    }

    private String upload(Case dispute, String name, byte[] photo) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item"), name,
                photo).expect(201).json().get("id").asString();
    }

    private static String path(Case dispute) {
        return CopyFlags.path(dispute);
    }

    private BufferedImage image(String url, String contentType) throws IOException {
        Api.BinaryResponse response = marketplace.agent().api().download(url);
        assertThat(response.status()).as(url).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo(contentType);
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }
}
