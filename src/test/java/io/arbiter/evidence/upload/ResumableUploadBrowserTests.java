package io.arbiter.evidence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.inspection.EvidenceSamples;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * tus-js-client 4 itself, as the dispute page runs it, against trouble between the phone and Arbiter: the answer to
 * the last PATCH lost on the way back, and Arbiter killed while it was writing a PATCH.
 */
@BrowserTest
class ResumableUploadBrowserTests extends ApiTest {

    /**
     * Puts tus-js-client's own HTTP stack behind one that logs every answer (in the session's storage: the page
     * reloads once the upload is done) and, when {@code window.loseLastAnswer} is set, loses the answer to the PATCH
     * that completes the upload after Arbiter has handled it, as a dropped connection would.
     */
    private static final String LOGGED_HTTP = """
            sessionStorage.setItem('tusLog', '[]');
            function note(entry) {
              var log = JSON.parse(sessionStorage.getItem('tusLog'));
              log.push(entry);
              sessionStorage.setItem('tusLog', JSON.stringify(log));
            }
            var Original = window.tus.Upload;
            window.tus.Upload = function (file, options) {
              var inner = new window.tus.DefaultHttpStack();
              var upload;
              options.httpStack = {
                getName: function () { return 'logged'; },
                createRequest: function (method, url) {
                  var request = inner.createRequest(method, url);
                  var send = request.send.bind(request);
                  request.send = function (body) {
                    return send(body).then(function (response) {
                      note(method + ' ' + response.getStatus() + ' ' + response.getHeader('Upload-Offset'));
                      if (window.loseLastAnswer && method === 'PATCH'
                          && Number(response.getHeader('Upload-Offset')) === file.size) {
                        window.loseLastAnswer = false;
                        note('lost');
                        throw new Error('the connection dropped before the answer arrived');
                      }
                      return response;
                    });
                  };
                  return request;
                }
              };
              var onChunkComplete = options.onChunkComplete;
              options.onChunkComplete = function (size, accepted, total) {
                if (window.cutOffAfterFirstChunk) { window.cutOffAfterFirstChunk = false; window.cutOffAt = accepted; upload.abort(); }
                if (onChunkComplete) { onChunkComplete(size, accepted, total); }
              };
              upload = new Original(file, options);
              return upload;
            };""";

    @Autowired
    TusStorage storage;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path files;

    @Test
    void aLostAnswerToTheLastPatchEndsInOnePieceWithoutSendingTheFileAgain() throws IOException {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        byte[] photo = SampleFiles.jpeg(7);
        Path file = Files.write(files.resolve("lid.jpg"), photo);

        try (Browser buyer = new Browser(port, true)) {
            startUpload(buyer, dispute, "window.loseLastAnswer = true;", file, "The scratch on the lid");
            buyer.waitForText("The scratch on the lid");

            assertThat(log(buyer)).containsExactly("POST 201 null", "PATCH 204 " + photo.length, "lost",
                    "HEAD 204 " + photo.length);
        }
        JsonNode pieces = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id() + "/evidence").expect(200).json();
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).at("/file/sha256").asString()).isEqualTo(Sha256.hex(photo));
    }

    @Test
    void afterACrashInTheMiddleOfAPatchTheUploadResumesFromTheBytesOnDisk() throws IOException {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        byte[] video = video(6 * 1024 * 1024);
        Path file = Files.write(files.resolve("blender.mp4"), video);

        try (Browser buyer = new Browser(port, true)) {
            startUpload(buyer, dispute, "window.cutOffAfterFirstChunk = true;", file, "The blender does not start");
            int cutOffAt = ((Number) buyer.waitFor(d -> buyer.script("return window.cutOffAt"))).intValue();
            buyer.click("Pause");

            // Arbiter was killed while it wrote the next PATCH: a megabyte of it reached the disk, its offset did not.
            int onDisk = cutOffAt + 1024 * 1024;
            Files.write(dataOf(dispute), Arrays.copyOfRange(video, cutOffAt, onDisk), StandardOpenOption.APPEND);
            buyer.click("Resume");
            buyer.waitForText("The blender does not start");

            List<String> log = log(buyer);
            assertThat(log).contains("HEAD 204 " + onDisk).doesNotContain("PATCH 500 null", "PATCH 409 null");
            assertThat(log.get(log.size() - 1)).isEqualTo("PATCH 204 " + video.length);
        }
        JsonNode pieces = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id() + "/evidence").expect(200).json();
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).at("/file/sha256").asString()).isEqualTo(Sha256.hex(video));
    }

    /** The buyer chooses the file on the dispute's page and clicks Upload, with the trouble {@code script} sets. */
    private static void startUpload(Browser buyer, Marketplace.Case dispute, String script, Path file,
                                    String description) {
        buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
        buyer.script(LOGGED_HTTP + script);
        buyer.driver().findElement(By.id("upload-file")).sendKeys(file.toString());
        buyer.fill("upload-description", description).click("Upload");
    }

    @SuppressWarnings("unchecked")
    private static List<String> log(Browser browser) {
        return (List<String>) browser.script("return JSON.parse(sessionStorage.getItem('tusLog'))");
    }

    /** Where tus-java-server keeps the bytes of the dispute's one upload. */
    private Path dataOf(Marketplace.Case dispute) {
        UUID upload = jdbc.sql("select id from evidence_upload where dispute_id = :dispute")
                .param("dispute", UUID.fromString(dispute.id())).query(UUID.class).single();
        return storage.directory().resolve("uploads").resolve(upload.toString()).resolve("data");
    }

    /** A valid MP4 (its boxes first) made this long with media bytes, so the upload takes two chunks. */
    private static byte[] video(int length) {
        byte[] media = new byte[length];
        new Random(5).nextBytes(media);
        return EvidenceSamples.concat(EvidenceSamples.mp4(), media);
    }
}
