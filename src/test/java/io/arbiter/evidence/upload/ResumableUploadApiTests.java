package io.arbiter.evidence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.Sha256;
import io.arbiter.common.UnsupportedContentException;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.Party;
import io.arbiter.evidence.EvidenceIntake;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.EvidenceService;
import io.arbiter.identity.Actor;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;

@Import(ResumableUploadApiTests.IntakeConfiguration.class)
@TestPropertySource(properties = "arbiter.evidence.storage.directory=${java.io.tmpdir}/arbiter-uploads-${random.uuid}")
class ResumableUploadApiTests extends ApiTest {

    static final long VIDEO_LIMIT = 4_000_000;
    static final long PHOTO_LIMIT = 100_000;

    @Autowired
    RecordingIntake intake;
    @Autowired
    TusStorage storage;
    @Autowired
    ResumableUploads uploads;
    @Autowired
    UploadLockingService locks;
    @Autowired
    JdbcClient jdbc;

    Marketplace.Case dispute;
    TusClient buyer;

    @BeforeEach
    void openDispute() {
        intake.reset();
        dispute = marketplace.disputeAwaitingSeller();
        buyer = new TusClient(port, dispute.buyer());
    }

    @Test
    void resumesAfterADroppedConnectionAndHandsOverExactlyTheBytesSent() throws IOException {
        byte[] video = bytes(300_000);
        String location = create(buyer, video.length, metadata("video", "The blender does not start"));

        buyer.patch(location, 0, slice(video, 0, 100_000)).expect(204);
        String answer = buyer.brokenPatch(location, 100_000, slice(video, 100_000, 140_000), 100_000, Map.of());
        assertThat(answer).startsWith("HTTP/1.1 400");

        Api.Response head = buyer.head(location).expect(204);
        assertThat(head.header("Upload-Offset")).isEqualTo("140000");
        assertThat(head.header("Upload-Length")).isEqualTo("300000");
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(head.header("Upload-Expires")).isEqualTo("Tue, 03 Mar 2026 10:00:00 GMT");

        buyer.patch(location, 140_000, slice(video, 140_000, 200_000)).expect(204);
        Api.Response last = buyer.patch(location, 200_000, slice(video, 200_000, 300_000)).expect(204);

        assertThat(last.header("Upload-Offset")).isEqualTo("300000");
        RecordingIntake.Received received = intake.only();
        assertThat(last.header("Evidence-Location"))
                .isEqualTo("/api/v1/disputes/" + dispute.id() + "/evidence/" + received.evidenceId());
        assertThat(received.sha256()).isEqualTo(Sha256.hex(video));
        assertThat(received.disputeId()).hasToString(dispute.id());
        assertThat(received.actor().id()).isEqualTo(dispute.buyer().id());
        assertThat(received.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kind", "video", "description", "The blender does not start", "requirement", "DEFECTS",
                "piece", "1", "filename", "blender.mp4"));
        assertThat(received.file().startsWith(storage.directory())).as("the completed file itself, not a copy").isTrue();
        assertThat(filesOf(location)).isEmpty();
    }

    @Test
    void aCompletedUploadAnswersHeadWithAllItsBytesAndItsPieceUntilItWouldHaveExpired() {
        byte[] photo = bytes(1000);
        String location = create(buyer, photo.length, metadata("photo", "Scratch on the lid"));
        marketplace.advance(Duration.ofHours(20));
        String evidence = buyer.patch(location, 0, photo).expect(204).header("Evidence-Location");

        // The answer above was lost: the client asks where the upload stands, as tus-js-client does before a retry.
        marketplace.advance(Duration.ofHours(23));
        uploads.removeExpired();
        Api.Response head = buyer.head(location).expect(204);
        assertThat(head.header("Upload-Offset")).isEqualTo("1000");
        assertThat(head.header("Upload-Length")).isEqualTo("1000");
        assertThat(head.header("Evidence-Location")).isEqualTo(evidence);
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(buyer.patch(location, 1000, new byte[0]).expect(204).header("Evidence-Location"))
                .isEqualTo(evidence);
        Api.Response again = buyer.patch(location, 0, photo).expect(409);
        assertProblem(again, "Upload-Offset");
        assertThat(again.header("Upload-Offset")).isEqualTo("1000");
        assertProblem(buyer.delete(location).expect(409), "uploadId");
        assertProblem(new TusClient(port, dispute.seller()).head(location).expect(404), null);
        assertThat(intake.only().evidenceId()).hasToString(evidence.substring(evidence.lastIndexOf('/') + 1));

        marketplace.advance(Duration.ofHours(1));
        assertProblem(buyer.head(location).expect(410), "uploadId");
        uploads.removeExpired();
        buyer.head(location).expect(404);
        assertThat(pendingRows()).isZero();
    }

    @Test
    void afterACrashTheFirstHeadReportsTheBytesOnDiskAndAPatchAtTheOldOffsetIsAConflict() throws IOException {
        byte[] video = bytes(300_000);
        String location = create(buyer, video.length, metadata("video", "The blender does not start"));
        buyer.patch(location, 0, slice(video, 0, 100_000)).expect(204);
        killedWhileWriting(location, slice(video, 100_000, 160_000));

        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("160000");
        Api.Response stale = buyer.patch(location, 100_000, slice(video, 100_000, 300_000)).expect(409);
        assertProblem(stale, "Upload-Offset");
        assertThat(stale.text()).contains("expected 160000");

        buyer.patch(location, 160_000, slice(video, 160_000, 300_000)).expect(204);
        assertThat(intake.only().sha256()).isEqualTo(Sha256.hex(video));
    }

    @Test
    void afterACrashAPatchAtTheOffsetTheClientLastHeardOfIsAConflictNotAServerError() throws IOException {
        byte[] video = bytes(300_000);
        String location = create(buyer, video.length, metadata("video", "The blender does not start"));
        killedWhileWriting(location, slice(video, 0, 70_000));

        Api.Response stale = buyer.patch(location, 0, video).expect(409);

        assertProblem(stale, "Upload-Offset");
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("70000");
        assertThat(intake.received).isEmpty();
    }

    @Test
    void aFileCompleteOnDiskAfterACrashIsHandedOverByTheNextPatch() throws IOException {
        byte[] photo = bytes(5000);
        String location = create(buyer, photo.length, metadata("photo", "Scratch on the lid"));
        killedWhileWriting(location, photo);

        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("4999");
        assertThat(intake.received).as("nothing handed over behind the client's back").isEmpty();
        String evidence = buyer.patch(location, 4999, slice(photo, 4999, 5000)).expect(204)
                .header("Evidence-Location");

        assertThat(evidence).endsWith(intake.only().evidenceId().toString());
        assertThat(intake.only().sha256()).isEqualTo(Sha256.hex(photo));
    }

    @Test
    void answersTheOffsetStoredWhenAPatchStartsElsewhere() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, bytes(400)).expect(204);

        Api.Response conflict = buyer.patch(location, 100, bytes(50)).expect(409);

        assertProblem(conflict, "Upload-Offset");
        assertThat(conflict.text()).contains("expected 400");
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("400");
    }

    @Test
    void nobodyButTheOwnerSeesAnUpload() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, bytes(10)).expect(204);
        TusClient seller = new TusClient(port, dispute.seller());

        assertProblem(seller.head(location).expect(404), null);
        assertProblem(seller.patch(location, 10, bytes(10)).expect(404), null);
        assertProblem(seller.delete(location).expect(404), null);

        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("10");
    }

    @Test
    void strangersToTheDisputeCannotUpload() {
        TusClient stranger = new TusClient(port, marketplace.buyer());
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));

        assertProblem(stranger.create(dispute.id(), 1000, metadata("photo", "Not mine")).expect(404), null);
        assertProblem(stranger.head(location).expect(404), null);
        assertThat(marketplace.anonymous().send("POST", TusClient.uploadsOf(dispute.id()), null).status())
                .isEqualTo(401);
    }

    @Test
    void refusesAnUploadLargerThanItsKindAllows() {
        Api.Response tooLarge = buyer.create(dispute.id(), PHOTO_LIMIT + 1, metadata("photo", "Huge photo"));

        assertProblem(tooLarge.expect(413), "Upload-Length");
        buyer.create(dispute.id(), PHOTO_LIMIT + 1, metadata("video", "A video may be larger")).expect(201);
        assertThat(pendingRows()).isEqualTo(1);
    }

    @Test
    void refusesMetadataThatDoesNotSayWhatTheFileIs() {
        List<Path> before = filesUnder(storage.directory());
        Map<String, String> noDescription = metadata("photo", "x");
        noDescription.remove("description");
        assertProblem(buyer.create(dispute.id(), 100, noDescription).expect(400), "description");
        assertProblem(buyer.create(dispute.id(), 100, metadata("photo", "   ")).expect(400), "description");
        assertProblem(buyer.create(dispute.id(), 100, metadata("link", "A link")).expect(400), "kind");

        Map<String, String> badPiece = metadata("photo", "Scratch");
        badPiece.put("piece", "0");
        assertProblem(buyer.create(dispute.id(), 100, badPiece).expect(400), "piece");
        badPiece.put("piece", "2");
        assertProblem(buyer.create(dispute.id(), 100, badPiece).expect(422), "piece");

        Map<String, String> unknownRequirement = metadata("photo", "Scratch");
        unknownRequirement.put("requirement", "SIZE_LABEL");
        assertProblem(buyer.create(dispute.id(), 100, unknownRequirement).expect(422), "requirement");

        Api.Response notBase64 = buyer.send("POST", TusClient.uploadsOf(dispute.id()), Map.of("Tus-Resumable",
                "1.0.0", "Upload-Length", "100", "Upload-Metadata", "kind photo!,description x"), null);
        assertProblem(notBase64.expect(400), "kind");
        Api.Response deferred = buyer.send("POST", TusClient.uploadsOf(dispute.id()), Map.of("Tus-Resumable",
                "1.0.0", "Upload-Defer-Length", "1", "Upload-Metadata", TusClient.metadata(metadata("photo", "x"))),
                null);
        assertProblem(deferred.expect(400), "Upload-Defer-Length");
        Api.Response noLength = buyer.send("POST", TusClient.uploadsOf(dispute.id()), Map.of("Tus-Resumable",
                "1.0.0", "Upload-Metadata", TusClient.metadata(metadata("photo", "x"))), null);
        assertProblem(noLength.expect(400), "Upload-Length");
        Api.Response oldClient = buyer.send("POST", TusClient.uploadsOf(dispute.id()), Map.of("Tus-Resumable",
                "0.2.2", "Upload-Length", "100", "Upload-Metadata", TusClient.metadata(metadata("photo", "x"))), null);
        assertProblem(oldClient.expect(412), "Tus-Resumable");
        assertThat(oldClient.header("Tus-Version")).isEqualTo("1.0.0");

        assertThat(pendingRows()).isZero();
        assertThat(filesUnder(storage.directory())).isEqualTo(before);
    }

    @Test
    void discardsBytesThatDoNotMatchTheirChecksum() throws Exception {
        byte[] photo = bytes(2000);
        String location = create(buyer, photo.length, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, slice(photo, 0, 1000), Map.of("Upload-Checksum", "sha1 " + digest("SHA-1",
                slice(photo, 0, 1000)))).expect(204);

        Api.Response mismatch = buyer.patch(location, 1000, slice(photo, 1000, 2000),
                Map.of("Upload-Checksum", "sha256 " + digest("SHA-256", bytes(1000))));

        assertProblem(mismatch.expect(460), "Upload-Checksum");
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("1000");
        assertProblem(buyer.patch(location, 1000, slice(photo, 1000, 2000), Map.of("Upload-Checksum", "crc32 AAAA"))
                .expect(400), "Upload-Checksum");
        buyer.patch(location, 1000, slice(photo, 1000, 2000), Map.of("Upload-Checksum", "sha256 "
                + digest("SHA-256", slice(photo, 1000, 2000)))).expect(204);
        assertThat(intake.only().sha256()).isEqualTo(Sha256.hex(photo));
    }

    @Test
    void dropsWhatArrivedOfABrokenPatchWhoseChecksumCannotBeVerified() throws Exception {
        byte[] photo = bytes(50_000);
        String location = create(buyer, photo.length, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, slice(photo, 0, 10_000)).expect(204);

        String answer = buyer.brokenPatch(location, 10_000, slice(photo, 10_000, 20_000), 40_000,
                Map.of("Upload-Checksum", "sha256 " + digest("SHA-256", slice(photo, 10_000, 50_000))));

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("10000");
    }

    @Test
    void removesAnUploadWhoseChunkedBodyGoesPastItsLength() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, bytes(600)).expect(204);

        Api.Response tooLong = buyer.sendChunked("PATCH", location, Map.of("Tus-Resumable", "1.0.0",
                "Content-Type", "application/offset+octet-stream", "Upload-Offset", "600"), bytes(500));

        assertProblem(tooLong.expect(413), "body");
        assertThat(intake.received).isEmpty();
        buyer.head(location).expect(404);
        assertThat(filesOf(location)).isEmpty();
    }

    @Test
    void asksToRetryWhileAnotherRequestHoldsTheUpload() throws Exception {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));

        try (UploadLock held = locks.lockUploadByUri(location)) {
            Api.Response locked = buyer.patch(location, 0, bytes(100));
            assertProblem(locked.expect(423), "uploadId");
            assertThat(locked.header("Retry-After")).isEqualTo("1");
        }
        buyer.patch(location, 0, bytes(100)).expect(204);
    }

    @Test
    void refusesABodyThatIsNotTusBytes() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));

        Api.Response json = buyer.send("PATCH", location, Map.of("Tus-Resumable", "1.0.0",
                "Content-Type", "application/json", "Upload-Offset", "0"), "{}".getBytes());

        assertProblem(json.expect(415), "Content-Type");
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("0");
    }

    @Test
    void terminationRemovesTheUploadAndItsBytes() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, bytes(500)).expect(204);
        assertThat(filesOf(location)).isNotEmpty();

        buyer.delete(location).expect(204);

        buyer.head(location).expect(404);
        buyer.patch(location, 500, bytes(500)).expect(404);
        assertThat(filesOf(location)).isEmpty();
        assertThat(pendingRows()).isZero();
    }

    @Test
    void removesUploadsNotCompletedInTime() {
        String location = create(buyer, 1000, metadata("photo", "Scratch on the lid"));
        buyer.patch(location, 0, bytes(500)).expect(204);

        marketplace.advance(Duration.ofHours(23));
        uploads.removeExpired();
        assertThat(buyer.head(location).expect(204).header("Upload-Offset")).isEqualTo("500");

        marketplace.advance(Duration.ofHours(1));
        assertProblem(buyer.head(location).expect(410), "uploadId");
        assertProblem(buyer.patch(location, 500, bytes(500)).expect(410), "uploadId");
        uploads.removeExpired();

        buyer.head(location).expect(404);
        assertThat(filesUnder(storage.directory())).isEmpty();
        assertThat(pendingRows()).isZero();
    }

    @Test
    void leavesNothingWhenTheIntakeRefusesTheFile() {
        intake.rejecting = true;
        String location = create(buyer, 1000, metadata("video", "The blender does not start"));
        buyer.patch(location, 0, bytes(600)).expect(204);

        Api.Response refused = buyer.patch(location, 600, bytes(400));

        assertProblem(refused.expect(415), "file");
        assertThat(refused.header("Evidence-Location")).isNull();
        buyer.head(location).expect(404);
        assertThat(filesOf(location)).isEmpty();
        assertThat(pendingRows()).isZero();
    }

    @Test
    void tellsTusClientsWhatItSupports() {
        Api.Response options = buyer.send("OPTIONS", TusClient.uploadsOf(dispute.id()), Map.of(), null);

        options.expect(204);
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Extension").split(","))
                .contains("creation", "termination", "expiration", "checksum")
                .doesNotContain("concatenation", "checksum-trailer");
        assertThat(options.header("Tus-Max-Size")).isEqualTo(Long.toString(VIDEO_LIMIT));
        assertThat(options.header("Tus-Checksum-Algorithm")).contains("sha1", "sha256");
        assertThat(new TusClient(port, marketplace.buyer())
                .send("OPTIONS", TusClient.uploadsOf(dispute.id()), Map.of(), null).status()).isEqualTo(404);
    }

    @Test
    void followsTusJsClientThroughAProxyThatOnlyPassesPost() {
        byte[] photo = bytes(1_500_000);
        Map<String, String> video = metadata("video", "The blender does not start");
        String location = create(buyer, photo.length, video);
        Map<String, String> overridden = Map.of("Tus-Resumable", "1.0.0", "X-HTTP-Method-Override", "PATCH",
                "Content-Type", "application/offset+octet-stream", "Upload-Offset", "0",
                "Idempotency-Key", UUID.randomUUID().toString());

        Api.Response patched = buyer.send("POST", location, overridden, photo).expect(204);

        assertThat(patched.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(patched.header("Evidence-Location")).isNotNull();
        assertThat(intake.only().sha256()).isEqualTo(Sha256.hex(photo));
        Api.Response plainPost = buyer.send("POST", location, Map.of("Tus-Resumable", "1.0.0"), null);
        assertProblem(plainPost.expect(405), null);
        assertThat(plainPost.header("Allow")).isEqualTo("HEAD, PATCH, DELETE, OPTIONS");
    }

    @Test
    void createsUploadsWhereTheLocationSays() {
        Api.Response created = buyer.create(dispute.id(), 10, metadata("photo", "Scratch"));

        created.expect(201);
        assertThat(created.header("Location")).matches("/api/v1/disputes/" + dispute.id() + "/uploads/[0-9a-f-]{36}");
        assertThat(created.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(created.header("Upload-Expires")).isEqualTo("Tue, 03 Mar 2026 10:00:00 GMT");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * What a process killed in the middle of a PATCH leaves: the bytes that arrived are written (tus-java-server
     * writes them first), the offset in the upload's record is not (it writes that last).
     */
    void killedWhileWriting(String location, byte[] arrived) throws IOException {
        String id = location.substring(location.lastIndexOf('/') + 1);
        Files.write(storage.directory().resolve("uploads").resolve(id).resolve("data"), arrived,
                java.nio.file.StandardOpenOption.APPEND);
    }

    String create(TusClient client, long length, Map<String, String> metadata) {
        return client.create(dispute.id(), length, metadata).expect(201).header("Location");
    }

    static Map<String, String> metadata(String kind, String description) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kind", kind);
        metadata.put("description", description);
        metadata.put("requirement", "DEFECTS");
        metadata.put("piece", "1");
        metadata.put("filename", kind.equals("video") ? "blender.mp4" : "lid.jpg");
        return metadata;
    }

    static void assertProblem(Api.Response response, String field) {
        if (response.text() != null && !response.text().isEmpty()) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
            if (field != null) {
                assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
            }
        }
    }

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    static String digest(String algorithm, byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** The files of one upload: its bytes, its info and its lock. */
    List<Path> filesOf(String location) {
        String id = location.substring(location.lastIndexOf('/') + 1);
        return filesUnder(storage.directory()).stream()
                .filter(file -> storage.directory().relativize(file).toString().contains(id)).toList();
    }

    static List<Path> filesUnder(Path directory) {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int pendingRows() {
        return jdbc.sql("select count(*) from evidence_upload where dispute_id = :id")
                .param("id", UUID.fromString(dispute.id())).query(Integer.class).single();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class IntakeConfiguration {

        @Bean
        @Primary
        RecordingIntake recordingIntake(DisputeService disputes, EvidenceService evidence) {
            return new RecordingIntake(disputes, evidence);
        }
    }

    /**
     * Stands in for the evidence service: lets the parties of a dispute upload, and records what it was handed
     * (with the SHA-256 of the file as it was at that moment); refuses every file while {@code rejecting}.
     */
    static class RecordingIntake implements EvidenceIntake {

        record Received(UUID disputeId, Actor actor, Map<String, String> metadata, Path file, String sha256,
                        UUID evidenceId) {
        }

        private final DisputeService disputes;
        private final EvidenceService evidence;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        volatile boolean rejecting;

        RecordingIntake(DisputeService disputes, EvidenceService evidence) {
            this.disputes = disputes;
            this.evidence = evidence;
        }

        void reset() {
            received.clear();
            rejecting = false;
        }

        Received only() {
            assertThat(received).hasSize(1);
            return received.get(0);
        }

        @Override
        public void checkMayUpload(UUID disputeId, Actor actor) {
            Party role = disputes.get(actor, disputeId).yourRole();
            if (role != Party.BUYER && role != Party.SELLER) {
                throw new ForbiddenException("only the buyer and the seller bring evidence");
            }
        }

        /** What the client says about a file is checked by the real service: the protocol must ask it. */
        @Override
        public void checkSubmission(UUID disputeId, Actor actor, Map<String, String> metadata) {
            evidence.checkSubmission(disputeId, actor, metadata);
        }

        @Override
        public long limitFor(EvidenceKind kind) {
            return switch (kind) {
                case PHOTO -> PHOTO_LIMIT;
                case VIDEO -> VIDEO_LIMIT;
                case DOCUMENT, ARCHIVE -> 1_000_000;
                case LINK -> throw new IllegalArgumentException("a link has no file");
            };
        }

        @Override
        public UUID accept(UUID disputeId, Actor actor, Map<String, String> metadata, Path file) {
            if (rejecting) {
                throw new UnsupportedContentException("file", "declared video but the content is not a video");
            }
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            UUID id = UUID.randomUUID();
            received.add(new Received(disputeId, actor, new LinkedHashMap<>(metadata), file,
                    HexFormat.of().formatHex(digest.digest()), id));
            return id;
        }
    }
}
