package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CPU a HEIC photo costs to fingerprint, beside the JPEG of the same picture: runs only when
 * {@code ARBITER_BENCH_HEIC} gives how many 8-megapixel (3264 x 2448) pictures to try. Each is encoded as a HEIC
 * (heif-enc, quality 90) and a JPEG (quality 0.9), then inspected in turns, JPEG, HEIC, JPEG, HEIC. Prints per photo
 * the decoder's CPU (its process, read from this JVM's reaped children's times in /proc/self/stat), this thread's
 * CPU (reading the decoder's JPEG and hashing) and wall time; and the JPEG's thread CPU and wall.
 */
class HeifDecoderBench {

    private static final int WIDTH = 3264;
    private static final int HEIGHT = 2448;
    /** USER_HZ, the unit of /proc's times, on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    @Test
    void cpuPerEightMegapixelHeic() throws IOException {
        String photos = System.getenv("ARBITER_BENCH_HEIC");
        Assumptions.assumeTrue(photos != null, "set ARBITER_BENCH_HEIC to run");
        ContentInspector inspector = new ContentInspector(InspectionLimits.defaults(),
                HeifDecoder.configured("auto", Duration.ofSeconds(120), 1L << 30, 300L << 20, 1));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double childSeconds = 0;
        double heicThreadSeconds = 0;
        double heicWall = 0;
        double jpegThreadSeconds = 0;
        double jpegWall = 0;
        int count = Integer.parseInt(photos);
        for (int i = 0; i < count; i++) {
            BufferedImage picture = PhotoCorpus.photo(WIDTH, HEIGHT, 8000 + i);
            Path heic = Files.write(Files.createTempFile("bench-", ".heic"), HeifSamples.heic(picture));
            Path jpeg = Files.write(Files.createTempFile("bench-", ".jpg"), EvidenceSamples.jpeg(picture, 0.9f));
            try {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                inspector.inspect(jpeg, EvidenceKind.PHOTO);
                jpegThreadSeconds += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                jpegWall += (System.nanoTime() - wall) / 1e9;

                double children = reapedChildrenSeconds();
                cpu = threads.getCurrentThreadCpuTime();
                wall = System.nanoTime();
                Inspection inspection = inspector.inspect(heic, EvidenceKind.PHOTO);
                heicThreadSeconds += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                heicWall += (System.nanoTime() - wall) / 1e9;
                childSeconds += reapedChildrenSeconds() - children;
                if (inspection.image().fingerprint() == null) {
                    throw new IllegalStateException("not fingerprinted: " + inspection.image().unfingerprinted());
                }
                System.out.printf(Locale.ROOT, "photo %d: HEIC %d bytes, JPEG %d bytes%n", i, Files.size(heic),
                        Files.size(jpeg));
            } finally {
                Files.delete(heic);
                Files.delete(jpeg);
            }
        }
        System.out.printf(Locale.ROOT, "HEIC per photo (%d of %d x %d): decoder %.2f s CPU, Java %.2f s CPU, %.2f s"
                        + " wall; JPEG per photo: %.2f s CPU, %.2f s wall%n", count, WIDTH, HEIGHT, childSeconds / count,
                heicThreadSeconds / count, heicWall / count, jpegThreadSeconds / count, jpegWall / count);
    }

    /** User and system time of this process's children that have been waited for (fields 16 and 17). */
    private static double reapedChildrenSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state, field 3 of the file; cutime and cstime are fields 16 and 17.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }
}
