package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CPU a HEIC photo costs to fingerprint, beside the JPEG of the same picture: runs only when
 * {@code ARBITER_BENCH_HEIC} gives how many 8-megapixel (3264 x 2448) pictures to try. Each is encoded as a JPEG
 * (quality 0.9), a HEIC without a thumbnail (heif-enc, quality 90: the whole picture is decoded) and a phone-style
 * HEIC with a 320 x 240 thumbnail ({@code heif-enc -t 320}: the thumbnail is decoded), then inspected in turns, JPEG,
 * whole, thumbnail, for each picture. Prints per photo the decoder's CPU (its process, read from this JVM's reaped
 * children's times in /proc/self/stat), this thread's CPU (reading the decoder's JPEG, hashing, the preview) and
 * wall time. Then what the thumbnail's fingerprint still catches: the pHash bits between it and the whole picture's,
 * and whether each fingerprint matches the JPEG, a 10% crop of it and a phone screenshot of it.
 */
class HeifDecoderBench {

    private static final int WIDTH = 3264;
    private static final int HEIGHT = 2448;
    private static final int PREVIEW_SIDE = 320;
    /** USER_HZ, the unit of /proc's times, on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** What inspecting one kind of file cost, summed over the photos. */
    private static final class Cost {
        double decoderSeconds;
        double javaSeconds;
        double wallSeconds;
        long bytes;

        String perPhoto(int count) {
            return String.format(Locale.ROOT, "decoder %.3f s CPU + Java %.3f s CPU = %.3f s CPU, %.2f s wall,"
                            + " %.2f MB", decoderSeconds / count, javaSeconds / count,
                    (decoderSeconds + javaSeconds) / count, wallSeconds / count, bytes / 1e6 / count);
        }
    }

    @Test
    void cpuPerEightMegapixelHeic() throws IOException {
        String photos = System.getenv("ARBITER_BENCH_HEIC");
        Assumptions.assumeTrue(photos != null, "set ARBITER_BENCH_HEIC to run");
        ContentInspector inspector = new ContentInspector(InspectionLimits.defaults(),
                HeifDecoder.configured("auto", Duration.ofSeconds(120), 1L << 30, 300L << 20, 1), PREVIEW_SIDE);
        Cost jpegCost = new Cost();
        Cost wholeCost = new Cost();
        Cost thumbnailCost = new Cost();
        List<String> fidelity = new ArrayList<>();
        int count = Integer.parseInt(photos);
        for (int i = 0; i < count; i++) {
            BufferedImage picture = PhotoCorpus.photo(WIDTH, HEIGHT, 8000 + i);
            Path jpeg = write(EvidenceSamples.jpeg(picture, 0.9f));
            Path whole = write(HeifSamples.heic(picture));
            Path phone = write(HeifSamples.heicWithThumbnail(picture, PREVIEW_SIDE));
            try {
                ImageFingerprint jpegPrint = measure(inspector, jpeg, jpegCost).fingerprint();
                ImageFacts wholeFacts = measure(inspector, whole, wholeCost);
                ImageFacts thumbnailFacts = measure(inspector, phone, thumbnailCost);
                fidelity.add(compare(inspector, picture, jpegPrint, wholeFacts.fingerprint(),
                        thumbnailFacts.fingerprint()));
                System.out.printf(Locale.ROOT, "photo %d: JPEG %d bytes, HEIC %d bytes, phone HEIC %d bytes%n", i,
                        Files.size(jpeg), Files.size(whole), Files.size(phone));
            } finally {
                Files.delete(jpeg);
                Files.delete(whole);
                Files.delete(phone);
            }
        }
        System.out.printf(Locale.ROOT, "per photo (%d of %d x %d):%n  JPEG:                       %s%n"
                        + "  HEIC, whole picture:        %s%n  phone HEIC, its thumbnail:  %s%n", count, WIDTH, HEIGHT,
                jpegCost.perPhoto(count), wholeCost.perPhoto(count), thumbnailCost.perPhoto(count));
        fidelity.forEach(System.out::println);
    }

    private ImageFacts measure(ContentInspector inspector, Path file, Cost cost) throws IOException {
        double children = reapedChildrenSeconds();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        ImageFacts facts = inspector.inspect(file, EvidenceKind.PHOTO).image();
        cost.javaSeconds += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        cost.wallSeconds += (System.nanoTime() - wall) / 1e9;
        cost.decoderSeconds += reapedChildrenSeconds() - children;
        cost.bytes += Files.size(file);
        if (facts.fingerprint() == null) {
            throw new IllegalStateException("not fingerprinted: " + facts.unfingerprinted());
        }
        return facts;
    }

    /** One line: how far the thumbnail's hashes are from the whole picture's, and what each fingerprint matches. */
    private String compare(ContentInspector inspector, BufferedImage picture, ImageFingerprint jpeg,
                           ImageFingerprint whole, ImageFingerprint thumbnail) throws IOException {
        ImageFingerprint crop = fingerprintOf(inspector, PhotoCorpus.cropped(picture, 0.1));
        ImageFingerprint screenshot = fingerprintOf(inspector, PhotoCorpus.screenshot(picture, true, false));
        return String.format(Locale.ROOT, "  thumbnail vs whole: pHash %d bits, dHash %d bits; matches"
                        + " (whole/thumbnail): JPEG %s/%s (%d/%d bits), 10%% crop %s/%s, screenshot %s/%s",
                PerceptualHash.distance(whole.upright().phash(), thumbnail.upright().phash()),
                PerceptualHash.distance(whole.upright().dhash(), thumbnail.upright().dhash()),
                matches(jpeg, whole), matches(jpeg, thumbnail),
                PerceptualHash.distance(whole.upright().phash(), jpeg.upright().phash()),
                PerceptualHash.distance(thumbnail.upright().phash(), jpeg.upright().phash()),
                matches(crop, whole), matches(crop, thumbnail), matches(screenshot, whole),
                matches(screenshot, thumbnail));
    }

    private static String matches(ImageFingerprint incoming, ImageFingerprint stored) {
        return NearCopies.match(incoming, stored).map(match -> "yes").orElse("NO");
    }

    private static ImageFingerprint fingerprintOf(ContentInspector inspector, BufferedImage copy) throws IOException {
        Path file = write(EvidenceSamples.jpeg(copy, 0.85f));
        try {
            return inspector.inspect(file, EvidenceKind.PHOTO).image().fingerprint();
        } finally {
            Files.delete(file);
        }
    }

    private static Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile("bench-", ".bin"), bytes);
    }

    /** User and system time of this process's children that have been waited for (fields 16 and 17). */
    private static double reapedChildrenSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state, field 3 of the file; cutime and cstime are fields 16 and 17.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }
}
