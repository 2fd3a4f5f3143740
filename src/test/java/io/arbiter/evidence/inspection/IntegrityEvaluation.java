package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;


/**
 * Measures how well fingerprints catch reused photos: each source picture is cut into two halves; the left half is
 * the photo first submitted, the right half a hard negative (another region of the same scene). Every transform of
 * the first photo must be found a near copy of it and of nothing else; no negative may be a near copy of any stored
 * photo. Files go through {@link ContentInspector} as uploads do, so the orientation tag and decoding count.
 */
final class IntegrityEvaluation {

    /** What people do to a photo before submitting it again, each producing the bytes of a file. */
    static final Map<String, Function<BufferedImage, byte[]>> TRANSFORMS = transforms();

    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults());
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Path dir;

    IntegrityEvaluation(Path dir) {
        this.dir = dir;
    }

    /** {@code storedPlain}: first photos that were themselves too plain to compare, so none of their copies is caught. */
    record Report(int photos, Map<String, int[]> caughtByTransform, int negatives, int negativesFlagged,
                  int wrongMatches, int plainPictures, int plainMarked, int storedPlain) {

        double recall(String transform) {
            int[] counts = caughtByTransform.get(transform);
            return (double) counts[0] / counts[1];
        }

        double recall() {
            int caught = caughtByTransform.values().stream().mapToInt(c -> c[0]).sum();
            int total = caughtByTransform.values().stream().mapToInt(c -> c[1]).sum();
            return (double) caught / total;
        }

        String table() {
            StringBuilder out = new StringBuilder("| transform | caught |\n|---|---|\n");
            caughtByTransform.forEach((name, c) -> out.append(String.format(Locale.ROOT, "| %s | %d of %d (%.1f%%) |%n",
                    name, c[0], c[1], 100.0 * c[0] / c[1])));
            out.append(String.format(Locale.ROOT, "| all | %.1f%% |%n", 100 * recall()));
            out.append(String.format(Locale.ROOT, "| hard negatives flagged | %d of %d |%n", negativesFlagged, negatives));
            out.append(String.format(Locale.ROOT, "| copies matched to another photo | %d |%n", wrongMatches));
            out.append(String.format(Locale.ROOT, "| plain pictures marked too plain | %d of %d |%n", plainMarked,
                    plainPictures));
            out.append(String.format(Locale.ROOT, "| first photos themselves too plain to compare | %d of %d |%n",
                    storedPlain, photos));
            return out.toString();
        }
    }

    /**
     * @param sources pictures at least twice as wide as a photo: the left half is submitted, the right half is a
     *                negative
     * @param others  unrelated pictures, also negatives
     * @param plains  flat pictures, which must be marked too plain
     */
    Report run(List<BufferedImage> sources, List<BufferedImage> others, List<BufferedImage> plains) {
        List<ImageFingerprint> stored = new ArrayList<>();
        List<BufferedImage> firsts = new ArrayList<>();
        List<BufferedImage> negatives = new ArrayList<>(others);
        for (BufferedImage source : sources) {
            int half = source.getWidth() / 2;
            BufferedImage first = PhotoCorpus.region(source, 0, 0, half, source.getHeight());
            firsts.add(first);
            negatives.add(PhotoCorpus.region(source, half, 0, source.getWidth() - half, source.getHeight()));
            stored.add(fingerprint(EvidenceSamples.jpeg(first, 0.92f)));
        }
        Map<String, int[]> caught = new LinkedHashMap<>();
        int wrong = 0;
        for (Map.Entry<String, Function<BufferedImage, byte[]>> transform : TRANSFORMS.entrySet()) {
            int[] counts = new int[2];
            for (int i = 0; i < firsts.size(); i++) {
                ImageFingerprint copy = fingerprint(transform.getValue().apply(firsts.get(i)));
                counts[1]++;
                if (matches(copy, stored.get(i))) {
                    counts[0]++;
                }
                for (int j = 0; j < stored.size(); j++) {
                    if (j != i && matches(copy, stored.get(j))) {
                        wrong++;
                    }
                }
            }
            caught.put(transform.getKey(), counts);
        }
        int flagged = 0;
        for (BufferedImage negative : negatives) {
            ImageFingerprint fingerprint = fingerprint(EvidenceSamples.jpeg(negative, 0.9f));
            if (stored.stream().anyMatch(s -> matches(fingerprint, s))) {
                flagged++;
            }
        }
        int plainMarked = 0;
        for (BufferedImage plain : plains) {
            if (fingerprint(EvidenceSamples.jpeg(plain, 0.85f)).plain()) {
                plainMarked++;
            }
        }
        return new Report(firsts.size(), caught, negatives.size(), flagged, wrong, plains.size(), plainMarked,
                (int) stored.stream().filter(ImageFingerprint::plain).count());
    }

    /** CPU seconds this thread spends inspecting each file (detection, metadata and fingerprint), on average. */
    double cpuSecondsPerPhoto(List<byte[]> files) {
        long before = threads.getCurrentThreadCpuTime();
        for (byte[] file : files) {
            fingerprint(file);
        }
        return (threads.getCurrentThreadCpuTime() - before) / 1e9 / files.size();
    }

    /**
     * As an upload's lookup decides: first by the hashes in the stored picture's chunk rows (whole, and each region),
     * then, for those kept, by {@link NearCopies#match}.
     */
    static boolean matches(ImageFingerprint copy, ImageFingerprint stored) {
        boolean kept = NearCopies.matchesWhole(copy, stored.upright())
                || stored.regions().stream().anyMatch(region -> NearCopies.matchesRegion(copy, region.hashes()));
        return kept && NearCopies.match(copy, stored).isPresent();
    }

    ImageFingerprint fingerprint(byte[] bytes) {
        try {
            Path file = Files.createTempFile(dir, "photo", ".bin");
            try {
                Files.write(file, bytes);
                return inspector.inspect(file, EvidenceKind.PHOTO).image().fingerprint();
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Function<BufferedImage, byte[]>> transforms() {
        Map<String, Function<BufferedImage, byte[]>> transforms = new LinkedHashMap<>();
        transforms.put("re-encoded at quality 60", photo -> EvidenceSamples.jpeg(photo, 0.6f));
        transforms.put("resized to 50%", photo -> EvidenceSamples.jpeg(PhotoCorpus.resized(photo, 0.5), 0.85f));
        transforms.put("5% crop", photo -> EvidenceSamples.jpeg(PhotoCorpus.cropped(photo, 0.05), 0.85f));
        transforms.put("10% crop", photo -> EvidenceSamples.jpeg(PhotoCorpus.cropped(photo, 0.10), 0.85f));
        transforms.put("brightness +20%", photo -> EvidenceSamples.jpeg(PhotoCorpus.brightness(photo, 1.2), 0.85f));
        transforms.put("brightness -20%", photo -> EvidenceSamples.jpeg(PhotoCorpus.brightness(photo, 0.8), 0.85f));
        transforms.put("screenshot with bars (PNG)",
                photo -> EvidenceSamples.png(PhotoCorpus.screenshot(photo, false, false)));
        transforms.put("screenshot with status bar (PNG)",
                photo -> EvidenceSamples.png(PhotoCorpus.screenshot(photo, true, true)));
        transforms.put("turned 90° by EXIF orientation", photo -> EvidenceSamples.withSegment(
                EvidenceSamples.jpeg(PhotoCorpus.turned(photo, 3), 0.9f), 0xE1,
                new Tiff().ifd0(Tiff.MAKE, "Apple").ifd0(Tiff.ORIENTATION, (short) 6).app1()));
        transforms.put("turned 90° in its pixels", photo -> EvidenceSamples.jpeg(PhotoCorpus.turned(photo, 1), 0.9f));
        return transforms;
    }
}
