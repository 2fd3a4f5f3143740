package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.support.TestClock;

class StagingTests {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path root;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private Staging staging;

    @BeforeEach
    void newStaging() throws IOException {
        staging = new Staging(root, clock);
    }

    @Test
    void hashesWhatItWritesAsSha256sumWould() throws IOException {
        StagedFile staged = staging.stage(text("abc"), 10, "file");

        // sha256sum of the three bytes "abc" (FIPS 180-2, appendix B.1)
        assertThat(staged.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(staged.size()).isEqualTo(3);
        assertThat(staged.path()).hasContent("abc").hasParent(root.resolve("staging"));
    }

    @Test
    void hashesFilesLongerThanItsBufferAndOfExactlyTheLimit() throws IOException {
        StagedFile source = TestBlobs.write(root.resolve("source"), 3 * MB + 17, 5);

        StagedFile staged;
        try (InputStream in = Files.newInputStream(source.path())) {
            staged = staging.stage(in, source.size(), "file");
        }

        assertThat(staged.sha256()).isEqualTo(source.sha256());
        assertThat(staged.size()).isEqualTo(source.size());
        assertThat(staged.path()).hasSameBinaryContentAs(source.path());
    }

    @Test
    void refusesMoreThanTheLimitAsSoonAsItArrivesAndKeepsNothing() throws IOException {
        StagedFile source = TestBlobs.write(root.resolve("source"), 5 * MB, 6);
        InputStream in = Files.newInputStream(source.path());

        assertThatThrownBy(() -> staging.stage(in, 2 * MB, "file"))
                .isInstanceOfSatisfying(PayloadTooLargeException.class,
                        e -> assertThat(e.field()).isEqualTo("file"))
                .hasMessageContaining("larger than 2 MB");

        assertThat(in.available()).as("the rest of the upload was not read").isGreaterThan((int) (2 * MB));
        in.close();
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void keepsNothingWhenTheUploadBreaksOff() throws IOException {
        InputStream breaksOff = new SequenceInputStream(text("the first part of a video"), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by peer");
            }
        });

        assertThatThrownBy(() -> staging.stage(breaksOff, MB, "file")).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");

        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void fingerprintsAFileWhereItLies() throws IOException {
        StagedFile finished = TestBlobs.write(root.resolve("finished-upload"), MB + 1, 8);

        StagedFile adopted = staging.adopt(finished.path());

        assertThat(adopted).isEqualTo(finished);
        assertThat(stagingFiles()).isEmpty();
        adopted.delete();
        assertThat(finished.path()).doesNotExist();
    }

    @Test
    void sweepsOnlyFilesOlderThanAsked() throws IOException {
        StagedFile abandoned = staging.stage(text("left by a crash"), 100, "file");
        StagedFile current = staging.stage(text("being checked right now"), 100, "file");
        Files.setLastModifiedTime(abandoned.path(), FileTime.from(clock.instant().minus(Duration.ofHours(25))));
        Files.setLastModifiedTime(current.path(), FileTime.from(clock.instant().minus(Duration.ofMinutes(5))));

        assertThat(staging.sweep(Duration.ofDays(1))).isEqualTo(1);

        assertThat(abandoned.path()).doesNotExist();
        assertThat(current.path()).exists();
        clock.advance(Duration.ofDays(1));
        assertThat(staging.sweep(Duration.ofDays(1))).isEqualTo(1);
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void describesLimitsInUnitsPeopleRead() {
        assertThat(Staging.describe(25 * MB)).isEqualTo("25 MB");
        assertThat(Staging.describe(3 * MB / 2)).isEqualTo("1.5 MB");
        assertThat(Staging.describe(512 * 1024)).isEqualTo("512 KB");
        assertThat(Staging.describe(100)).isEqualTo("100 bytes");
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private List<Path> stagingFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("staging"))) {
            return files.toList();
        }
    }
}
