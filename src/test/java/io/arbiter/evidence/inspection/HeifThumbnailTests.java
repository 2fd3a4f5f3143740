package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.support.HeifTest;

/**
 * Choosing a phone HEIC's thumbnail from its item tables: the thumbnail and its size are found, one too small or
 * turned otherwise than its picture is not, and damaged or truncated tables give no thumbnail rather than an error
 * (the whole picture is then decoded, and judged by the decoder).
 */
@HeifTest
class HeifThumbnailTests {

    private static final byte[] PHONE = HeifSamples.heicWithThumbnail(PhotoCorpus.photo(640, 480, 3131), 320);

    @TempDir
    Path directory;

    @Test
    void aThumbnailLargeEnoughIsFoundWithItsSize() throws IOException {
        HeifThumbnail thumbnail = HeifThumbnail.find(write(PHONE), 240, 320).orElseThrow();

        assertThat(thumbnail.uprightWidth()).isEqualTo(320);
        assertThat(thumbnail.uprightHeight()).isEqualTo(240);
    }

    @Test
    void aSidewaysPictureTurnsItsThumbnail() throws IOException {
        byte[] sideways = HeifSamples.heicWithThumbnail(HeifSamples.turnedClockwise(PhotoCorpus.photo(640, 480, 3232)),
                320, 1, -1);

        HeifThumbnail thumbnail = HeifThumbnail.find(write(sideways), 240, 320).orElseThrow();

        assertThat(thumbnail.uprightWidth()).isEqualTo(320);
        assertThat(thumbnail.uprightHeight()).isEqualTo(240);
    }

    @Test
    void noThumbnailIsTakenWhenTooSmallTurnedOtherwiseOrAbsent() throws IOException {
        assertThat(HeifThumbnail.find(write(PHONE), 241, 320)).isEmpty();
        assertThat(HeifThumbnail.find(write(PHONE), 240, 321)).isEmpty();
        assertThat(HeifThumbnail.find(write(HeifSamples.heicWithTurnedThumbnail(PhotoCorpus.photo(640, 480, 3333), 320,
                1, 3)), 240, 320)).isEmpty();
        assertThat(HeifThumbnail.find(write(HeifSamples.heic(PhotoCorpus.photo(640, 480, 3434))), 1, 1)).isEmpty();
    }

    @Test
    void damagedOrTruncatedTablesGiveNoThumbnailRatherThanAnError() throws IOException {
        Random random = new Random(31);
        int metaEnd = 40 + 1024;
        for (int round = 0; round < 3000; round++) {
            byte[] damaged = PHONE.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(Math.min(metaEnd, damaged.length))] = (byte) random.nextInt(256);
            }
            Path file = write(round % 10 == 0 ? Arrays.copyOf(damaged, random.nextInt(metaEnd)) : damaged);
            assertThatCode(() -> {
                Optional<HeifThumbnail> found = HeifThumbnail.find(file, 240, 320);
                found.ifPresent(thumbnail -> assertThat(thumbnail.uprightWidth()).isPositive());
            }).as("round %d", round).doesNotThrowAnyException();
            Files.delete(file);
        }
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(directory, "sample", ".heic"), bytes);
    }
}
