package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.UnsupportedContentException;

class PerceptualHashTests {

    private static final BufferedImage ORIGINAL = EvidenceSamples.scene(1200, 900, 42);

    @TempDir
    Path dir;

    @Test
    void aWindowOverTheWholePictureAveragesAsThePictureDoes() {
        GreyPicture picture = GreyPicture.of(EvidenceSamples.scene(301, 227, 7));
        double[][] whole = picture.averages(32, 32);
        double[][] window = picture.averages(32, 32, 0, 0, picture.width(), picture.height());
        for (int y = 0; y < 32; y++) {
            assertThat(window[y]).as("row %d", y).containsExactly(whole[y], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void aTenPercentCropIsCloseToOneRegionOfThePicture() {
        BufferedImage photo = PhotoCorpus.photo(1200, 900, 42); // texture to its edges: nothing is trimmed
        BufferedImage crop = photo.getSubimage(72, 54, 1080, 810);
        ImageFingerprint original = PerceptualHash.of(photo);
        ImageFingerprint cropped = PerceptualHash.of(crop);
        ImageFingerprint.Region closest = original.regions().stream().min(java.util.Comparator.comparingInt(
                region -> PerceptualHash.distance(region.hashes().phash(), cropped.upright().phash()))).orElseThrow();

        assertThat(original.regions()).hasSize(34);
        int toRegion = PerceptualHash.distance(closest.hashes().phash(), cropped.upright().phash());
        assertThat(toRegion).isLessThanOrEqualTo(6)
                .isLessThan(PerceptualHash.distance(original.upright().phash(), cropped.upright().phash()));
        assertThat(closest.box()).isEqualTo(new ImageFingerprint.Box(500, 500, 9000, 9000));
        assertThat(NearCopies.match(cropped, original)).get().extracting(NearCopies.Match::distance)
                .isEqualTo(toRegion);
    }

    @Test
    void aBrighterCopyWhoseEdgeBandIsNoLongerPlainMeetsThePictureLessTrimmed() {
        BufferedImage photo = EvidenceSamples.withFaintBand(1200, 900, 42);
        BufferedImage brighter = EvidenceSamples.brightened(photo, 1.25);
        ImageFingerprint original = PerceptualHash.of(photo);
        ImageFingerprint copy = PerceptualHash.of(brighter);

        assertThat(original.whole()).as("the faint band is trimmed").isEqualTo(new ImageFingerprint.Box(0, 3000, 10_000,
                7000));
        assertThat(copy.whole()).as("brighter, its grain is detail").isEqualTo(ImageFingerprint.Box.ALL);
        assertThat(copy.lessTrimmed()).isEmpty();
        assertThat(PerceptualHash.distance(original.upright().phash(), copy.upright().phash()))
                .isGreaterThan(NearCopies.PHASH_RADIUS);
        assertThat(NearCopies.match(copy, original)).get().extracting(NearCopies.Match::stored)
                .isEqualTo(ImageFingerprint.Box.ALL);
        assertThat(NearCopies.match(original, copy)).get().extracting(NearCopies.Match::incoming)
                .isEqualTo(ImageFingerprint.Box.ALL);
    }

    @Test
    void theSamePhotoReencodedResizedOrLightlyCroppedStaysClose() throws IOException {
        long original = hash(EvidenceSamples.jpeg(ORIGINAL, 0.92f));

        long reencoded = hash(EvidenceSamples.jpeg(ORIGINAL, 0.3f));
        long halfSize = hash(EvidenceSamples.jpeg(resized(ORIGINAL, 600, 450), 0.85f));
        int cropX = ORIGINAL.getWidth() * 5 / 200;
        int cropY = ORIGINAL.getHeight() * 5 / 200;
        long cropped = hash(EvidenceSamples.jpeg(ORIGINAL.getSubimage(cropX, cropY, ORIGINAL.getWidth() - 2 * cropX,
                ORIGINAL.getHeight() - 2 * cropY), 0.85f));
        long asPng = hash(EvidenceSamples.png(ORIGINAL));

        assertThat(PerceptualHash.distance(original, reencoded)).isLessThanOrEqualTo(10);
        assertThat(PerceptualHash.distance(original, halfSize)).isLessThanOrEqualTo(10);
        assertThat(PerceptualHash.distance(original, cropped)).isLessThanOrEqualTo(10);
        assertThat(PerceptualHash.distance(original, asPng)).isLessThanOrEqualTo(10);
    }

    @Test
    void anUnrelatedPhotoIsFar() throws IOException {
        long original = hash(EvidenceSamples.jpeg(ORIGINAL, 0.92f));
        for (long seed = 1; seed <= 5; seed++) {
            long other = hash(EvidenceSamples.jpeg(EvidenceSamples.scene(1200, 900, seed), 0.92f));
            assertThat(PerceptualHash.distance(original, other)).as("seed %d", seed).isGreaterThan(20);
        }
    }

    @Test
    void aBigPictureIsHashedLikeItsSmallCopy() throws IOException {
        BufferedImage big = resized(ORIGINAL, 4800, 3600);
        assertThat(PerceptualHash.distance(hash(EvidenceSamples.jpeg(big, 0.8f)), hash(EvidenceSamples.jpeg(ORIGINAL,
                0.92f)))).isLessThanOrEqualTo(10);
    }

    @Test
    void distanceCountsDifferingBits() {
        assertThat(PerceptualHash.distance(0L, 0L)).isZero();
        assertThat(PerceptualHash.distance(0L, -1L)).isEqualTo(64);
        assertThat(PerceptualHash.distance(0b1011L, 0b0110L)).isEqualTo(3);
    }

    @Test
    void hashesTinyImagesAndSaysWhatItCannotDecode() throws IOException {
        assertThat(hash(EvidenceSamples.png(EvidenceSamples.scene(8, 5, 3)))).isNotNull();
        assertThatThrownBy(() -> hash(EvidenceSamples.heic(10, 10)))
                .isInstanceOf(UnsupportedContentException.class)
                .hasMessage("only JPEG, PNG and WebP images can be decoded here");
    }

    private long hash(byte[] image) throws IOException {
        Path file = Files.createTempFile(dir, "image", ".bin");
        Files.write(file, image);
        return PerceptualHash.of(file, 1).upright().phash();
    }

    private static BufferedImage resized(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
