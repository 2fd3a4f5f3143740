package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.arbiter.support.ApiTest;

/** The application stores evidence on the file system by default, under a directory of its own in each test run. */
class EvidenceStorageWiringTests extends ApiTest {

    @Autowired
    Staging staging;
    @Autowired
    BlobStore store;
    @Autowired
    EvidenceFiles files;
    @Autowired
    EvidenceStorageProperties properties;

    @Test
    void anUploadGoesFromStagingIntoTheStoreAndIsServedVerified() throws Exception {
        assertThat(properties.directory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(store.name()).isEqualTo("filesystem");

        StagedFile staged = staging.stage(new ByteArrayInputStream(
                "a photo of the size label".getBytes(StandardCharsets.UTF_8)), 1024, "file");
        try {
            assertThat(store.put(staged.sha256(), staged.path(), staged.size())).isTrue();
        } finally {
            staged.delete();
        }

        try (InputStream in = files.openVerified(staged.sha256(), 15, 4)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("size");
        }
    }
}
