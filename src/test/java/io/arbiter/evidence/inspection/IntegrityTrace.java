package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * A diagnostic beside bench/integrity: which copies are missed and which other photos come close, at what distances.
 * Runs only when {@code ARBITER_TRACE_DIR} names a directory; the first run writes the corpus's files there (each
 * first photo, its transforms, its right half), later runs only read and fingerprint them, so that a change to the
 * hashes is traced in a minute. Prints, for each missed copy and the closest pairs of different photos, the best
 * distances whole, window (the copy whole against a region of the stored one) and region (a region of the copy
 * against the stored one whole): pHash and difference hash.
 */
class IntegrityTrace {

    private static final int CLOSEST_OTHERS = 25;

    @Test
    void trace() throws IOException {
        String traceDir = System.getenv("ARBITER_TRACE_DIR");
        assumeThat(traceDir).as("ARBITER_TRACE_DIR names a directory").isNotBlank();
        Path dir = Path.of(traceDir);
        if (!Files.exists(dir.resolve("done"))) {
            write(dir, IntegrityBench.sources(System.getenv("ARBITER_BENCH_PHOTOS")));
        }
        int photos = Integer.parseInt(Files.readString(dir.resolve("done")).trim());
        IntegrityEvaluation evaluation = new IntegrityEvaluation(dir);
        List<ImageFingerprint> stored = new ArrayList<>();
        List<ImageFingerprint> negatives = new ArrayList<>();
        for (int i = 0; i < photos; i++) {
            stored.add(evaluation.fingerprint(Files.readAllBytes(dir.resolve(i + "-first.jpg"))));
            negatives.add(evaluation.fingerprint(Files.readAllBytes(dir.resolve(i + "-negative.jpg"))));
        }
        List<String> others = new ArrayList<>();
        int t = 0;
        for (String transform : IntegrityEvaluation.TRANSFORMS.keySet()) {
            int caught = 0;
            for (int i = 0; i < photos; i++) {
                ImageFingerprint copy = evaluation.fingerprint(Files.readAllBytes(dir.resolve(i + "-" + t + ".bin")));
                if (IntegrityEvaluation.matches(copy, stored.get(i))) {
                    caught++;
                } else {
                    print("MISSED " + transform + " photo " + i + describe(copy, stored.get(i)));
                }
                for (int j = 0; j < photos; j++) {
                    if (j != i) {
                        others.add(String.format(Locale.ROOT, "%s photo %d vs photo %d%s", transform, i, j,
                                describe(copy, stored.get(j))));
                    }
                }
            }
            print(String.format(Locale.ROOT, "CAUGHT %s %d of %d", transform, caught, photos));
            t++;
        }
        for (int i = 0; i < photos; i++) {
            for (int j = 0; j < photos; j++) {
                others.add(String.format(Locale.ROOT, "negative %d vs photo %d%s", i, j,
                        describe(negatives.get(i), stored.get(j))));
            }
        }
        others.stream().sorted(Comparator.comparingInt(line -> number(line, "min-p "))).limit(CLOSEST_OTHERS)
                .forEach(line -> print("OTHER " + line));
        others.stream().sorted(Comparator.comparingInt(line -> number(line, "window-d "))).limit(CLOSEST_OTHERS)
                .forEach(line -> print("OTHER-D " + line));
    }

    private static void write(Path dir, List<BufferedImage> sources) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < sources.size(); i++) {
            BufferedImage source = sources.get(i);
            int half = source.getWidth() / 2;
            BufferedImage first = PhotoCorpus.region(source, 0, 0, half, source.getHeight());
            Files.write(dir.resolve(i + "-first.jpg"), EvidenceSamples.jpeg(first, 0.92f));
            Files.write(dir.resolve(i + "-negative.jpg"), EvidenceSamples.jpeg(
                    PhotoCorpus.region(source, half, 0, source.getWidth() - half, source.getHeight()), 0.9f));
            int t = 0;
            for (var transform : IntegrityEvaluation.TRANSFORMS.values()) {
                Files.write(dir.resolve(i + "-" + t++ + ".bin"), transform.apply(first));
            }
        }
        Files.writeString(dir.resolve("done"), Integer.toString(sources.size()));
    }

    /** A number that {@link #describe} wrote after the label. */
    private static int number(String line, String label) {
        int at = line.indexOf(label);
        int from = at + label.length();
        return at < 0 ? 99 : Integer.parseInt(line.substring(from, line.indexOf(' ', from)));
    }

    private static String describe(ImageFingerprint copy, ImageFingerprint stored) {
        if (copy.plain() || stored.plain()) {
            return " plain copy " + copy.plain() + " stored " + stored.plain();
        }
        int[] whole = {99, 99};
        int[] window = {99, 99};
        int[] region = {99, 99};
        List<ImageFingerprint.Hashes> turns = NearCopies.wholes(copy).toList();
        for (ImageFingerprint.Hashes turn : turns) {
            best(whole, turn, stored.upright());
            for (ImageFingerprint.Region r : stored.regions()) {
                best(window, turn, r.hashes());
            }
        }
        int windowD = 99;
        for (ImageFingerprint.Region r : copy.regions()) {
            best(region, r.hashes(), stored.upright());
            windowD = Math.min(windowD, dhashWithin(r.hashes(), stored.upright()));
        }
        for (ImageFingerprint.Hashes turn : turns) {
            for (ImageFingerprint.Region r : stored.regions()) {
                windowD = Math.min(windowD, dhashWithin(turn, r.hashes()));
            }
        }
        int minP = Math.min(whole[0], Math.min(window[0], region[0]));
        return String.format(Locale.ROOT,
                ": min-p %d window-d %d whole %d/%d window %d/%d region %d/%d; boxes copy %s stored %s",
                minP, windowD, whole[0], whole[1], window[0], window[1], region[0], region[1], box(copy.whole()),
                box(stored.whole()));
    }

    /** The dHash distance of a window and a whole picture within the whole pictures' pHash radius, else 99. */
    private static int dhashWithin(ImageFingerprint.Hashes a, ImageFingerprint.Hashes b) {
        return PerceptualHash.distance(a.phash(), b.phash()) <= NearCopies.PHASH_RADIUS
                ? PerceptualHash.distance(a.dhash(), b.dhash()) : 99;
    }

    /** Keeps the pair closest in pHash among those within the dHash radius (pHash, dHash). */
    private static void best(int[] best, ImageFingerprint.Hashes a, ImageFingerprint.Hashes b) {
        int p = PerceptualHash.distance(a.phash(), b.phash());
        int d = PerceptualHash.distance(a.dhash(), b.dhash());
        if (d <= NearCopies.DHASH_RADIUS && (p < best[0] || (p == best[0] && d < best[1]))) {
            best[0] = p;
            best[1] = d;
        }
    }

    private static String box(ImageFingerprint.Box box) {
        return box.x() + "," + box.y() + "+" + box.width() + "x" + box.height();
    }

    private static void print(String line) {
        System.out.println("INTEGRITY-TRACE " + line);
    }
}
