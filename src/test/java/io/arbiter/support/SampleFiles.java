package io.arbiter.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.arbiter.evidence.inspection.EvidenceSamples;

/**
 * Files of each accepted type for the API tests, made in memory from the inspection tests' samples: photos with
 * structure (so perceptual hashes mean something), a video with some media data, a PDF, a ZIP.
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** A photo-like picture; same seed, same picture. */
    public static BufferedImage picture(int width, int height, long seed) {
        return EvidenceSamples.scene(width, height, seed);
    }

    public static byte[] jpeg(long seed) {
        return jpeg(picture(640, 480, seed), 0.9f);
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        return EvidenceSamples.jpeg(image, quality);
    }

    /** A small photo of a blank surface, different bytes for each seed (a camera's faint noise). */
    public static byte[] blankSurface(long seed) {
        return jpeg(EvidenceSamples.flat(160, 120, 0xE8E4DC, seed), 0.9f);
    }

    public static byte[] png(long seed) {
        return EvidenceSamples.png(picture(320, 240, seed));
    }

    /** An MP4 with 4 KiB of media data, enough to read it in ranges. */
    public static byte[] mp4() {
        byte[] media = new byte[4096];
        new Random(7).nextBytes(media);
        return EvidenceSamples.concat(EvidenceSamples.mp4(), media);
    }

    /** An MP4 of exactly {@code size} bytes: its boxes, then media bytes, as a long video's upload sends them. */
    public static byte[] mp4(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mp4());
        byte[] media = new byte[size - out.size()];
        new Random(3).nextBytes(media);
        out.writeBytes(media);
        return out.toByteArray();
    }

    public static byte[] pdf() {
        return EvidenceSamples.pdf();
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
