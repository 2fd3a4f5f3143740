package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the recall of reused photos from dropping, on a small corpus generated here (bench/integrity measures the
 * same on photos Debian ships). Every transform was caught in every picture when the floors were set (crops
 * through the regions of {@link PerceptualHash#regions}, brightened faint bands through the picture untrimmed); the
 * floors leave one picture of twelve per transform and one copy of a hundred in all.
 */
class IntegrityRecallTests {

    @TempDir
    Path dir;

    @Test
    void catchesReusedPhotosAcrossTransformsWithoutFlaggingOtherRegionsOrPictures() {
        // Two with a faint band at the top, which brightening turns from plain (trimmed) into detail.
        List<BufferedImage> sources = Stream.concat(
                LongStream.rangeClosed(1, 10).mapToObj(seed -> PhotoCorpus.photo(1200, 450, seed)),
                LongStream.rangeClosed(11, 12).mapToObj(seed -> EvidenceSamples.withFaintBand(1200, 450, seed)))
                .toList();
        List<BufferedImage> others = LongStream.rangeClosed(101, 104)
                .mapToObj(seed -> PhotoCorpus.photo(600, 450, seed)).toList();
        List<BufferedImage> plains = LongStream.rangeClosed(201, 203)
                .mapToObj(seed -> PhotoCorpus.plain(600, 450, seed)).toList();

        IntegrityEvaluation.Report report = new IntegrityEvaluation(dir).run(sources, others, plains);
        System.out.println(report.table());

        assertThat(report.recall()).isGreaterThanOrEqualTo(0.99);
        IntegrityEvaluation.TRANSFORMS.keySet()
                .forEach(name -> assertThat(report.recall(name)).as(name).isGreaterThanOrEqualTo(11 / 12.0));
        assertThat(report.negativesFlagged()).isZero();
        assertThat(report.wrongMatches()).isZero();
        assertThat(report.plainMarked()).isEqualTo(report.plainPictures());
    }
}
