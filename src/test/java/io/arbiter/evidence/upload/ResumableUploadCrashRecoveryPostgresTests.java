package io.arbiter.evidence.upload;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.Sha256;
import io.arbiter.support.Api;
import io.arbiter.support.ArbiterProcess;
import io.arbiter.support.ArbiterProcesses;
import io.arbiter.support.PostgresDatabase;
import io.arbiter.support.PostgresTest;

/**
 * Arbiter killed while it writes a PATCH: the bytes that arrived are on disk, tus-java-server's record of the offset
 * is not. A second process on the same database and storage answers the first HEAD with the bytes on disk, refuses a
 * PATCH at the old offset with 409 (it was a 500), and completes the upload from there.
 */
@PostgresTest
class ResumableUploadCrashRecoveryPostgresTests {

    @RegisterExtension
    final ArbiterProcesses processes = new ArbiterProcesses();

    @TempDir
    Path storage;

    @Test
    void afterAKillInTheMiddleOfAPatchTheUploadResumesFromTheBytesOnDisk() throws Exception {
        String database = PostgresDatabase.create();
        int firstPort = ArbiterProcess.freePort();
        Process first = start("first", database, firstPort);
        String disputeId = Api.anonymous(firstPort).withBasic("alice", "demo").post("/api/v1/disputes",
                        claim("ORD-1001", "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201).json().get("id").asString();
        byte[] video = ResumableEvidenceTests.video(3_000_000);
        String location = new TusClient(firstPort, "alice", "demo").create(disputeId, video.length, Map.of(
                "kind", "video", "description", "The seam opening", "requirement", "DEFECTS",
                "filename", "seam.mp4")).expect(201).header("Location");
        Path data = storage.resolve("tus").resolve("uploads")
                .resolve(location.substring(location.lastIndexOf('/') + 1)).resolve("data");

        try (Socket socket = new Socket("localhost", firstPort)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                    "alice:demo".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
                    + "Upload-Offset: 0\r\nContent-Length: " + video.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(video, 0, 1_000_000);
            out.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data) && Files.size(data) == 1_000_000);
            first.destroyForcibly().waitFor();
        }

        int secondPort = ArbiterProcess.freePort();
        start("second", database, secondPort);
        TusClient alice = new TusClient(secondPort, "alice", "demo");
        assertThat(alice.head(location).expect(204).header("Upload-Offset")).isEqualTo("1000000");
        Api.Response stale = alice.patch(location, 0, video).expect(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        String evidence = alice.patch(location, 1_000_000, Arrays.copyOfRange(video, 1_000_000, video.length))
                .expect(204).header("Evidence-Location");

        assertThat(Api.anonymous(secondPort).withBasic("alice", "demo").get(evidence).expect(200).json()
                .at("/file/sha256").asString()).isEqualTo(Sha256.hex(video));
    }

    private Process start(String name, String database, int port) throws Exception {
        return processes.start("upload-crash-" + name, database, port, "--arbiter.evidence.storage.directory=" + storage);
    }
}
