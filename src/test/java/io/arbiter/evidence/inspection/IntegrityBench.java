package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind bench/integrity, on real photos: runs only when {@code ARBITER_BENCH_PHOTOS} names
 * directories (separated by ':') of JPEG and PNG photos, such as the wallpapers Debian ships. Prints recall per
 * transform, false flags and CPU seconds per 8-megapixel JPEG; asserts nothing (the floors are in
 * {@link IntegrityRecallTests}).
 */
class IntegrityBench {

    /** Photos are cut down to this width before use, so that the halves are photo-sized and the run stays short. */
    private static final int SOURCE_WIDTH = 2400;
    private static final int CPU_SAMPLES = 12;

    @TempDir
    Path dir;

    @Test
    void measure() throws IOException {
        String dirs = System.getenv("ARBITER_BENCH_PHOTOS");
        assumeThat(dirs).as("ARBITER_BENCH_PHOTOS names photo directories").isNotBlank();
        List<BufferedImage> sources = sources(dirs);
        List<BufferedImage> plains = LongStream.rangeClosed(1, 8).mapToObj(seed -> PhotoCorpus.plain(1200, 900, seed))
                .toList();
        IntegrityEvaluation evaluation = new IntegrityEvaluation(dir);
        IntegrityEvaluation.Report report = evaluation.run(sources, List.of(), plains);

        List<byte[]> eightMegapixels = sources.stream().limit(CPU_SAMPLES)
                .map(source -> EvidenceSamples.jpeg(PhotoCorpus.scaled(source, 3264, 2448), 0.9f)).toList();
        evaluation.cpuSecondsPerPhoto(eightMegapixels.subList(0, 2));
        double cpu = evaluation.cpuSecondsPerPhoto(eightMegapixels);
        double averageMb = eightMegapixels.stream().mapToInt(b -> b.length).average().orElse(0) / 1e6;

        System.out.println("INTEGRITY-BENCH " + Instant.now() + ", load average " + Files.readString(
                Path.of("/proc/loadavg")).trim() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("INTEGRITY-BENCH " + sources.size() + " pictures (left half stored, right half a hard negative)");
        report.table().lines().forEach(line -> System.out.println("INTEGRITY-BENCH " + line));
        System.out.println(String.format(Locale.ROOT, "INTEGRITY-BENCH CPU per 8 MP JPEG (%.1f MB, inspection with"
                + " fingerprint, one thread, after 2 warm-up files): %.3f s over %d photos", averageMb, cpu,
                eightMegapixels.size()));
    }

    /** The pictures of the directories at least 1000 pixels wide, cut down to {@link #SOURCE_WIDTH}. */
    static List<BufferedImage> sources(String dirs) throws IOException {
        List<BufferedImage> sources = new ArrayList<>();
        for (Path photo : photos(dirs)) {
            BufferedImage image = javax.imageio.ImageIO.read(photo.toFile());
            if (image == null || image.getWidth() < 1000) {
                continue;
            }
            if (System.getenv("ARBITER_BENCH_LIST") != null) {
                System.out.println("INTEGRITY-BENCH picture " + sources.size() + ": " + photo);
            }
            double scale = Math.min(1.0, (double) SOURCE_WIDTH / image.getWidth());
            sources.add(scale < 1 ? PhotoCorpus.resized(image, scale) : image);
        }
        return sources;
    }

    /**
     * Every JPEG and PNG under the directories; of a Plasma wallpaper's several sizes of one picture and its dark
     * variant ({@code contents/images/}, {@code contents/images_dark/}), only the largest file, since they are copies
     * of each other (a dark variant is the picture darkened: found a near copy of it, rightly).
     */
    private static List<Path> photos(String dirs) {
        Map<String, Path> byPicture = new TreeMap<>();
        for (String directory : dirs.split(":")) {
            try (Stream<Path> files = Files.walk(Path.of(directory))) {
                files.filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                        .forEach(file -> byPicture.merge(picture(file), file, IntegrityBench::larger));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(byPicture.values());
    }

    /**
     * What names one picture: a Plasma wallpaper's folder (its {@code contents/images} and {@code images_dark} hold
     * sizes and a dark variant of the same picture), any other file by itself.
     */
    private static String picture(Path file) {
        String path = file.toString();
        int contents = path.indexOf("/contents/images");
        return contents >= 0 ? path.substring(0, contents) : path;
    }

    private static Path larger(Path a, Path b) {
        try {
            return Files.size(a) >= Files.size(b) ? a : b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
