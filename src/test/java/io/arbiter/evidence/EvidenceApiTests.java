package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.storage.EvidenceStorageProperties;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * Evidence through the API as the parties and agents use it: checked by content, fingerprinted, flagged for agents,
 * served only to the two parties and agents, never changed, and counted against what the reason requires.
 */
@TestPropertySource(properties = "arbiter.evidence.limits.photo=2MB")
class EvidenceApiTests extends ApiTest {

    @Autowired
    EvidenceStorageProperties storage;

    @Test
    void aPhotoIsStoredFingerprintedAndServedByteForByteToBothPartiesAndAgents() {
        Case dispute = marketplace.disputeInQueue();
        byte[] photo = SampleFiles.jpeg(11);
        JsonNode added = upload(dispute.buyer(), dispute, "photo", "Close-up of the torn seam", "DEFECTS", "1",
                "../../etc/seam <1>.jpg", photo).expect(201).json();

        assertThat(added.get("kind").asString()).isEqualTo("PHOTO");
        assertThat(added.get("suppliedBy").asString()).isEqualTo("BUYER");
        assertThat(added.get("piece").asInt()).isEqualTo(1);
        assertThat(added.get("file").get("mediaType").asString()).isEqualTo("image/jpeg");
        assertThat(added.get("file").get("sha256").asString()).isEqualTo(Sha256.hex(photo));
        assertThat(added.get("file").get("size").asLong()).isEqualTo(photo.length);
        assertThat(added.get("file").get("name").asString()).isEqualTo("seam _1_.jpg");
        assertThat(added.has("flags")).as("parties get the neutral view").isFalse();

        String content = added.get("file").get("contentUrl").asString();
        for (Person reader : List.of(dispute.buyer(), dispute.seller(), marketplace.agent())) {
            Api.BinaryResponse file = reader.api().download(content);
            assertThat(file.status()).as(reader.username()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(photo);
            assertThat(file.header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(file.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(file.header("Content-Disposition")).startsWith("attachment").contains("seam _1_.jpg");
        }
        assertThat(marketplace.buyer().api().download(content).status()).as("another buyer").isEqualTo(404);
        assertThat(marketplace.seller().api().download(content).status()).as("another seller").isEqualTo(404);
        assertThat(marketplace.admin().api().download(content).status()).as("an admin").isEqualTo(403);
        assertThat(marketplace.integration().get(content).status()).as("the integration").isEqualTo(403);
        assertThat(marketplace.anonymous().get(content).status()).isEqualTo(401);

        JsonNode asAgent = marketplace.agent().api().get(evidencePath(dispute) + "/" + added.get("id").asString())
                .expect(200).json();
        assertThat(asAgent.get("image").get("width").asInt()).isEqualTo(640);
        assertThat(asAgent.get("image").get("perceptualHash").asString()).hasSize(16);
        assertThat(asAgent.get("flags")).isEmpty();
    }

    @Test
    void downloadsAreNamedForTheTypeTheirContentHas() {
        Case dispute = marketplace.disputeInQueue();
        String disguised = upload(dispute.buyer(), dispute, "photo", "The label", "DEFECTS", "1", "label.html",
                SampleFiles.jpeg(12)).expect(201).json().get("file").get("contentUrl").asString();
        String named = upload(dispute.buyer(), dispute, "photo", "The box", "DEFECTS", "1", "IMG_0001.JPEG",
                SampleFiles.jpeg(13)).expect(201).json().get("file").get("contentUrl").asString();
        assertThat(dispute.seller().api().download(disguised).header("Content-Disposition"))
                .contains("filename=\"label.html.jpg\"");
        assertThat(dispute.seller().api().download(named).header("Content-Disposition"))
                .contains("filename=\"IMG_0001.JPEG\"");
    }

    @Test
    void aVideoIsServedInRangesAndAPhotoHasAThumbnail() throws IOException {
        Case dispute = marketplace.disputeAwaitingSeller();
        byte[] video = SampleFiles.mp4();
        JsonNode added = upload(dispute.buyer(), dispute, "video", "Switching it on", null, null, "on.mp4", video)
                .expect(201).json();
        String content = added.get("file").get("contentUrl").asString();

        Api.BinaryResponse part = dispute.seller().api().download(content, "Range", "bytes=100-199");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 100-199/" + video.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(video, 100, 200));
        Api.BinaryResponse tail = dispute.seller().api().download(content, "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, video.length - 10, video.length));
        assertThat(dispute.seller().api().download(content, "Range", "bytes=999999-").status()).isEqualTo(416);
        assertThat(added.get("file").has("thumbnailUrl")).isFalse();

        JsonNode photo = upload(dispute.buyer(), dispute, "photo", "Seam", "DEFECTS", null, "seam.png",
                SampleFiles.png(3)).expect(201).json();
        Api.BinaryResponse thumbnail = dispute.seller().api().download(photo.get("file").get("thumbnailUrl").asString());
        assertThat(thumbnail.status()).isEqualTo(200);
        assertThat(thumbnail.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isLessThanOrEqualTo(320);
    }

    @Test
    void contentDecidesTheTypeAndTheKindMustMatch() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode jpegAsVideo = upload(dispute.buyer(), dispute, "video", "It does not turn on", null, null, "clip.mp4",
                SampleFiles.jpeg(1)).expect(415).json();
        assertThat(jpegAsVideo.get("detail").asString()).contains("image/jpeg");
        assertThat(jpegAsVideo.get("errors").get(0).get("field").asString()).isNotBlank();

        upload(dispute.buyer(), dispute, "photo", "Page", null, null, "page.jpg",
                "<html><script>alert(1)</script></html>".getBytes()).expect(415);
        upload(dispute.buyer(), dispute, "document", "Customs paper", null, null, "customs.pdf", SampleFiles.pdf())
                .expect(201);
        upload(dispute.buyer(), dispute, "archive", "All photos", null, null, "all.zip",
                SampleFiles.zip(Map.of("a.jpg", SampleFiles.jpeg(5), "b.png", SampleFiles.png(6)))).expect(201);

        byte[] tooLarge = new byte[3 * 1024 * 1024];
        System.arraycopy(SampleFiles.jpeg(2), 0, tooLarge, 0, 1000);
        JsonNode oversize = upload(dispute.buyer(), dispute, "photo", "Huge", null, null, "huge.jpg", tooLarge)
                .expect(413).json();
        assertThat(oversize.get("errors").get(0).get("field").asString()).isEqualTo("file");

        assertThat(field(upload(dispute.buyer(), dispute, "photo", " ", null, null, "a.jpg", SampleFiles.jpeg(1))
                .expect(400))).isEqualTo("description");
        int blobs = storedBlobs().size();
        assertThat(field(upload(dispute.buyer(), dispute, "photo", "Broken\u0000zip", null, null, "a.jpg",
                SampleFiles.jpeg(11)).expect(400))).isEqualTo("description");
        assertThat(storedBlobs()).as("a refused description stores no file").hasSize(blobs);
        assertThat(field(upload(dispute.buyer(), dispute, "sticker", "x", null, null, "a.jpg", SampleFiles.jpeg(1))
                .expect(400))).isEqualTo("kind");
        assertThat(field(upload(dispute.buyer(), dispute, "photo", "x", "NOT_A_REQUIREMENT", null, "a.jpg",
                SampleFiles.jpeg(1)).expect(422))).isEqualTo("requirement");
        assertThat(field(upload(dispute.buyer(), dispute, "photo", "x", null, "9", "a.jpg", SampleFiles.jpeg(1))
                .expect(422))).isEqualTo("piece");
        assertThat(field(dispute.buyer().api().upload(evidencePath(dispute), Map.of("kind", "photo",
                "description", "x"), null, null).expect(400))).isEqualTo("file");

        List<JsonNode> kept = list(dispute.buyer(), dispute);
        assertThat(kept).extracting(piece -> piece.get("kind").asString()).containsExactly("DOCUMENT", "ARCHIVE");
        assertThat(stagingLeftovers()).as("refused uploads leave no file behind").isEmpty();
    }

    @Test
    void aVideoRequirementIsNotMetByPhotosAndTheBuyerCannotEscalateWithoutIt() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String order = marketplace.deliveredOrder(buyer, seller);
        String id = buyer.api().post("/api/v1/disputes", Marketplace.claim(order, "DEFECTIVE",
                Marketplace.resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json().get("id").asString();
        Case dispute = new Case(id, order, buyer, seller);
        seller.api().post("/api/v1/disputes/" + id + "/contest", Map.of("statement", "It worked when shipped"))
                .expect(200);

        assertThat(checklist(dispute).get("complete").asBoolean()).isFalse();
        assertThat(field(upload(buyer, dispute, "photo", "Dead screen", "NOT_WORKING_VIDEO", null, "dead.jpg",
                SampleFiles.jpeg(8)).expect(422))).isEqualTo("kind");
        upload(buyer, dispute, "photo", "Dead screen", null, null, "dead.jpg", SampleFiles.jpeg(8)).expect(201);
        assertThat(checklist(dispute).get("complete").asBoolean()).as("photos do not satisfy a video requirement")
                .isFalse();
        JsonNode refused = buyer.api().post("/api/v1/disputes/" + id + "/escalate", Map.of("reason", "no"))
                .expect(422).json();
        assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("evidence");
        assertThat(refused.get("detail").asString()).contains("video");

        String video = upload(buyer, dispute, "video", "Pressing the button, nothing happens", null, "1", "v.mp4",
                SampleFiles.mp4()).expect(201).json().get("id").asString();
        JsonNode complete = checklist(dispute);
        assertThat(complete.get("complete").asBoolean()).isTrue();
        assertThat(complete.get("items").get(0).get("evidenceIds").get(0).asString()).isEqualTo(video);
        assertThat(complete.get("items").get(0).get("piecesCovered").asInt()).isEqualTo(1);
        buyer.api().post("/api/v1/disputes/" + id + "/escalate", Map.of("reason", "see the video")).expect(200);
    }

    @Test
    void evidenceIsNeverChangedOnlyWithdrawnByWhoeverSuppliedIt() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String piece = upload(dispute.buyer(), dispute, "photo", "Seam", "DEFECTS", null, "s.jpg", SampleFiles.jpeg(4))
                .expect(201).json().get("id").asString();
        String path = evidencePath(dispute) + "/" + piece;
        assertThat(checklist(dispute).get("complete").asBoolean()).isTrue();

        assertThat(dispute.buyer().api().send("DELETE", path, null).status()).isEqualTo(405);
        assertThat(dispute.buyer().api().send("PUT", path, Map.of("description", "x")).status()).isEqualTo(405);
        dispute.seller().api().post(path + "/withdrawal", Map.of("reason", "not mine")).expect(403);

        JsonNode withdrawn = dispute.buyer().api().post(path + "/withdrawal", Map.of("reason", "wrong photo"))
                .expect(200).json();
        assertThat(withdrawn.get("withdrawal").get("reason").asString()).isEqualTo("wrong photo");
        dispute.buyer().api().post(path + "/withdrawal", Map.of()).expect(409);
        assertThat(checklist(dispute).get("complete").asBoolean()).isFalse();
        assertThat(dispute.seller().api().download(path + "/content").status()).as("kept byte for byte").isEqualTo(200);
        assertThat(timelineTypes(dispute)).contains("EVIDENCE_SUBMITTED", "EVIDENCE_WITHDRAWN");
        marketplace.admin().api().get("/api/v1/admin/audit/disputes/" + dispute.id() + "/verify").expect(200);
    }

    @Test
    void theSameOrANearlyIdenticalPhotoInAnotherDisputeIsFlaggedForAgentsOnBothSides() {
        byte[] original = SampleFiles.jpeg(SampleFiles.picture(800, 600, 42), 0.92f);
        byte[] reencoded = SampleFiles.jpeg(SampleFiles.picture(800, 600, 42), 0.4f);

        Case first = marketplace.disputeInQueue();
        String firstPiece = upload(first.buyer(), first, "photo", "Torn", "DEFECTS", null, "a.jpg", original)
                .expect(201).json().get("id").asString();
        Case second = marketplace.disputeInQueue();
        String copy = upload(second.buyer(), second, "photo", "Torn too", "DEFECTS", null, "b.jpg", original)
                .expect(201).json().get("id").asString();
        Case third = marketplace.disputeInQueue();
        String near = upload(third.buyer(), third, "photo", "Torn as well", "DEFECTS", null, "c.jpg", reencoded)
                .expect(201).json().get("id").asString();
        Case unrelated = marketplace.disputeInQueue();
        String other = upload(unrelated.buyer(), unrelated, "photo", "Other", "DEFECTS", null, "d.jpg",
                SampleFiles.jpeg(999)).expect(201).json().get("id").asString();

        Person agent = marketplace.agent();
        JsonNode copyFlags = agent.api().get(evidencePath(second) + "/" + copy).expect(200).json().get("flags");
        assertThat(codes(copyFlags)).contains("EXACT_DUPLICATE");
        assertThat(copyFlags.get(0).get("relatedDisputeId").asString()).isEqualTo(first.id());
        assertThat(copyFlags.get(0).get("detail").asString()).contains(first.buyer().id());
        assertThat(codes(agent.api().get(evidencePath(first) + "/" + firstPiece).expect(200).json().get("flags")))
                .as("the earlier dispute learns of the reuse").contains("EXACT_DUPLICATE", "NEAR_DUPLICATE");
        JsonNode nearFlags = agent.api().get(evidencePath(third) + "/" + near).expect(200).json().get("flags");
        assertThat(codes(nearFlags)).containsOnly("NEAR_DUPLICATE");
        assertThat(agent.api().get(evidencePath(unrelated) + "/" + other).expect(200).json().get("flags")).isEmpty();
        assertThat(second.buyer().api().get(evidencePath(second) + "/" + copy).expect(200).json().has("flags"))
                .isFalse();
    }

    @Test
    void linksMustBeHttpsToAPublicHostAndAreRecordedWithTheirTime() {
        Case dispute = marketplace.disputeAwaitingSeller();
        JsonNode link = dispute.buyer().api().post(evidencePath(dispute) + "/links", Map.of("url",
                "https://93.184.215.14/videos/unboxing.mp4", "description", "Unboxing video, too large to upload"))
                .expect(201).json();
        assertThat(link.get("kind").asString()).isEqualTo("LINK");
        assertThat(link.get("url").asString()).isEqualTo("https://93.184.215.14/videos/unboxing.mp4");
        assertThat(link.get("submittedAt").asString()).isEqualTo(marketplace.now().toString());

        for (String url : List.of("http://93.184.215.14/v.mp4", "https://127.0.0.1/v.mp4", "https://10.1.2.3/v.mp4",
                "https://169.254.169.254/latest/meta-data", "ftp://93.184.215.14/v.mp4", "not a url")) {
            assertThat(field(dispute.buyer().api().post(evidencePath(dispute) + "/links",
                    Map.of("url", url, "description", "x")).expect(422))).as(url).isEqualTo("url");
        }
        assertThat(dispute.buyer().api().get(evidencePath(dispute) + "/" + link.get("id").asString() + "/content")
                .status()).isEqualTo(404);
    }

    @Test
    void strangersAndClosedDisputesTakeNoEvidence() {
        Case dispute = marketplace.disputeAwaitingSeller();
        byte[] photo = SampleFiles.jpeg(1);
        assertThat(upload(marketplace.buyer(), dispute, "photo", "x", null, null, "a.jpg", photo).status())
                .isEqualTo(404);
        assertThat(upload(marketplace.admin(), dispute, "photo", "x", null, null, "a.jpg", photo).status())
                .as("admins read disputes but supply no evidence").isEqualTo(403);
        upload(dispute.seller(), dispute, "photo", "As shipped", null, null, "a.jpg", photo).expect(201);
        assertThat(field(upload(dispute.seller(), dispute, "photo", "x", "DEFECTS", null, "a.jpg", photo)
                .expect(422))).isEqualTo("requirement");
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/withdraw", Map.of("reason", "fixed"))
                .expect(200);
        upload(dispute.buyer(), dispute, "photo", "late", null, null, "a.jpg", photo).expect(409);
    }

    @Test
    void theCaseFileCarriesTheOriginalsAndAReadIsRefusedWhenStoredBytesChanged() throws IOException {
        Case dispute = marketplace.disputeAwaitingSeller();
        byte[] photo = SampleFiles.jpeg(77);
        JsonNode added = upload(dispute.buyer(), dispute, "photo", "Seam", "DEFECTS", null, "seam.jpg", photo)
                .expect(201).json();

        Map<String, byte[]> caseFile = unzip(dispute.buyer().api()
                .download("/api/v1/disputes/" + dispute.id() + "/case-file").body());
        assertThat(caseFile).containsKey("evidence/evidence.json");
        assertThat(caseFile.get("evidence/001-seam.jpg")).isEqualTo(photo);
        assertThat(new String(caseFile.get("manifest.json"))).contains("evidence/001-seam.jpg", Sha256.hex(photo));

        Path stored = storedBlob(added.get("file").get("sha256").asString());
        stored.toFile().setWritable(true);
        byte[] tampered = Files.readAllBytes(stored);
        tampered[tampered.length / 2] ^= 0x01;
        Files.write(stored, tampered);
        clock.advance(java.time.Duration.ofHours(1));

        Api.BinaryResponse refused = dispute.seller().api().download(added.get("file").get("contentUrl").asString());
        assertThat(refused.status()).isEqualTo(500);
        assertThat(new String(refused.body())).contains("fingerprint");
    }

    // ---------------------------------------------------------------- helpers

    private static Api.Response upload(Person who, Case dispute, String kind, String description, String requirement,
                                       String piece, String fileName, byte[] file) {
        Map<String, String> fields = new HashMap<>();
        fields.put("kind", kind);
        fields.put("description", description);
        if (requirement != null) {
            fields.put("requirement", requirement);
        }
        if (piece != null) {
            fields.put("piece", piece);
        }
        return who.api().upload(evidencePath(dispute), fields, fileName, file);
    }

    private static String evidencePath(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }

    private static List<JsonNode> list(Person who, Case dispute) {
        return who.api().get(evidencePath(dispute)).expect(200).json().valueStream().toList();
    }

    private static JsonNode checklist(Case dispute) {
        return dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json()
                .get("claim").get("evidence");
    }

    private static List<String> timelineTypes(Case dispute) {
        return dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json().get("timeline")
                .valueStream().map(entry -> entry.get("type").asString()).toList();
    }

    private static List<String> codes(JsonNode flags) {
        return flags.valueStream().map(flag -> flag.get("code").asString()).toList();
    }

    private static String field(Api.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }

    private List<Path> stagingLeftovers() {
        Path staging = storage.directory().resolve("staging");
        if (!Files.exists(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> storedBlobs() {
        try (Stream<Path> files = Files.walk(storage.directory())) {
            return files.filter(Files::isRegularFile).filter(file -> !file.startsWith(storage.directory()
                    .resolve("staging"))).filter(file -> file.getFileName().toString().matches("[0-9a-f]{64}"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path storedBlob(String sha256) throws IOException {
        try (Stream<Path> files = Files.walk(storage.directory())) {
            return files.filter(file -> file.getFileName().toString().equals(sha256)).findFirst().orElseThrow();
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
