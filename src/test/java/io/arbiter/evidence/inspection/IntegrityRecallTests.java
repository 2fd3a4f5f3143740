package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the recall of reused photos from dropping, on a small corpus generated here (bench/integrity measures the
 * same on photos Debian ships). Every transform was caught in every picture when the floors were set (crops
 * through the regions of {@link PerceptualHash#regions}); the floors leave one picture of ten per transform.
 */
class IntegrityRecallTests {

    @TempDir
    Path dir;

    @Test
    void catchesReusedPhotosAcrossTransformsWithoutFlaggingOtherRegionsOrPictures() {
        List<BufferedImage> sources = LongStream.rangeClosed(1, 10)
                .mapToObj(seed -> PhotoCorpus.photo(1200, 450, seed)).toList();
        List<BufferedImage> others = LongStream.rangeClosed(101, 104)
                .mapToObj(seed -> PhotoCorpus.photo(600, 450, seed)).toList();
        List<BufferedImage> plains = LongStream.rangeClosed(201, 203)
                .mapToObj(seed -> PhotoCorpus.plain(600, 450, seed)).toList();

        IntegrityEvaluation.Report report = new IntegrityEvaluation(dir).run(sources, others, plains);
        System.out.println(report.table());

        assertThat(report.recall()).isGreaterThanOrEqualTo(0.98);
        IntegrityEvaluation.TRANSFORMS.keySet()
                .forEach(name -> assertThat(report.recall(name)).as(name).isGreaterThanOrEqualTo(0.9));
        assertThat(report.negativesFlagged()).isZero();
        assertThat(report.wrongMatches()).isZero();
        assertThat(report.plainMarked()).isEqualTo(report.plainPictures());
    }
}
