package io.arbiter.evidence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.storage.BlobStore;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;

/**
 * A request whose file reached blob storage and whose insert then failed leaves no file behind, by a single
 * request and by tus alike: repeating such a request must not fill the disk. The insert fails for real, refused by
 * the database (a check constraint the test adds), after the bytes were stored.
 */
class FailedEvidenceLeavesNoBlobTests extends ApiTest {

    private static final String REFUSED = "The database refuses this description";

    @Autowired
    BlobStore blobs;
    @Autowired
    JdbcClient jdbc;

    private Case dispute;

    @BeforeEach
    void refuseOneDescription() {
        dispute = marketplace.disputeInQueue();
        jdbc.sql("alter table evidence add constraint refuse_for_test check (description <> '" + REFUSED + "')")
                .update();
    }

    @AfterEach
    void acceptAgain() {
        jdbc.sql("alter table evidence drop constraint refuse_for_test").update();
    }

    @Test
    void aSingleRequestWhoseInsertFailsTakesItsFileAndThumbnailBack() throws IOException {
        Set<String> before = stored();
        long rows = evidenceRows();
        byte[] photo = SampleFiles.jpeg(4711);

        for (int attempt = 0; attempt < 3; attempt++) {
            Api.Response failed = dispute.buyer().api().upload(evidence(), fields(REFUSED), "seam.jpg", photo);
            assertThat(failed.status()).as(failed.text()).isGreaterThanOrEqualTo(400);
        }

        assertThat(stored()).as("neither the photo nor its thumbnail is left").isEqualTo(before);
        assertThat(evidenceRows()).isEqualTo(rows);

        String added = dispute.buyer().api().upload(evidence(), fields("Close-up of the torn seam"), "seam.jpg", photo)
                .expect(201).json().get("file").get("sha256").asString();
        assertThat(added).isEqualTo(Sha256.hex(photo));
        assertThat(stored()).as("the photo and its thumbnail").hasSize(before.size() + 2).contains(added);
        assertThat(dispute.buyer().api().download(evidence() + "/" + idOf(added) + "/content").body())
                .isEqualTo(photo);
    }

    @Test
    void aResumableUploadWhoseInsertFailsTakesItsFileBack() throws IOException {
        Set<String> before = stored();
        long rows = evidenceRows();
        byte[] photo = SampleFiles.jpeg(4712);
        TusClient tus = new TusClient(port, dispute.buyer());

        String location = tus.create(dispute.id(), photo.length, metadata(REFUSED)).expect(201).header("Location");
        Api.Response failed = tus.patch(location, 0, photo);
        assertThat(failed.status()).as(failed.text()).isGreaterThanOrEqualTo(400);

        assertThat(stored()).isEqualTo(before);
        assertThat(evidenceRows()).isEqualTo(rows);
    }

    @Test
    void aFailedRequestLeavesAFileThatEvidenceAlreadyNamesWhereItIs() throws IOException {
        byte[] photo = SampleFiles.jpeg(4713);
        String sha256 = dispute.buyer().api().upload(evidence(), fields("Close-up of the torn seam"), "seam.jpg", photo)
                .expect(201).json().get("file").get("sha256").asString();

        Api.Response failed = dispute.seller().api().upload(evidence(), fields(REFUSED), "seam.jpg", photo);
        assertThat(failed.status()).isGreaterThanOrEqualTo(400);

        assertThat(blobs.exists(sha256)).as("the buyer's piece keeps its file").isTrue();
        assertThat(dispute.buyer().api().download(evidence() + "/" + idOf(sha256) + "/content").body())
                .isEqualTo(photo);
    }

    private Set<String> stored() throws IOException {
        Set<String> stored = new HashSet<>();
        blobs.forEachStored((sha256, at) -> stored.add(sha256));
        return stored;
    }

    private long evidenceRows() {
        return jdbc.sql("select count(*) from evidence").query(Long.class).single();
    }

    private String idOf(String sha256) {
        return jdbc.sql("select cast(id as varchar(36)) from evidence where sha256 = :sha")
                .param("sha", sha256).query(String.class).single();
    }

    private String evidence() {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }

    private static Map<String, String> fields(String description) {
        return Map.of("kind", "photo", "description", description, "requirement", "DEFECTS", "piece", "1");
    }

    private static Map<String, String> metadata(String description) {
        Map<String, String> metadata = new LinkedHashMap<>(fields(description));
        metadata.put("filename", "seam.jpg");
        return metadata;
    }
}
