package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.support.HeifTest;

/**
 * HEIC photos fingerprinted through libheif's heif-convert, with real HEICs encoded at test time (see
 * {@link HeifSamples}): hashed as people see them (turned and mirrored as the file says), as close to the JPEG of
 * the same picture as a re-encode is, and without a fingerprint, saying why, when the decoder is missing, fails or
 * overruns its limits.
 */
@HeifTest
class HeifDecoderTests {

    private static final long GIGABYTE = 1L << 30;
    private static final BufferedImage PICTURE = PhotoCorpus.photo(640, 480, 1919);

    @TempDir
    Path directory;

    private final HeifDecoder decoder = HeifDecoder.configured("auto", Duration.ofSeconds(60), GIGABYTE, 100L << 20, 2);
    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults(), decoder);

    @Test
    void aHeicIsFingerprintedAsTheJpegOfItsPicture() {
        ImageFingerprint jpeg = fingerprint(jpeg(PICTURE));
        Inspection heic = inspect(HeifSamples.heic(PICTURE));

        assertThat(heic.mediaType()).isEqualTo("image/heic");
        assertThat(heic.image().unfingerprinted()).isNull();
        assertThat(PerceptualHash.distance(heic.image().perceptualHash(), jpeg.upright().phash())).isLessThanOrEqualTo(4);
        assertThat(heic.image().fingerprint().regions()).as("regions, for crops").hasSize(jpeg.regions().size());
        assertThat(NearCopies.match(heic.image().fingerprint(), jpeg)).isPresent();
        assertThat(NearCopies.match(heic.image().fingerprint(), fingerprint(jpeg(PhotoCorpus.photo(640, 480, 2020)))))
                .as("another picture").isEmpty();
    }

    @Test
    void aSidewaysHeicIsHashedUprightAsItsRotationSays() {
        BufferedImage sideways = HeifSamples.turnedClockwise(PICTURE);
        long upright = fingerprint(jpeg(PICTURE)).upright().phash();

        ImageFingerprint turned = inspect(HeifSamples.heic(sideways, 1, -1)).image().fingerprint();

        assertThat(PerceptualHash.distance(turned.upright().phash(), upright)).isLessThanOrEqualTo(4);
        assertThat(PerceptualHash.distance(fingerprint(jpeg(sideways)).upright().phash(), upright))
                .as("the stored pixels themselves hash far from the upright picture").isGreaterThan(16);
    }

    @Test
    void aMirroredHeicIsHashedAsItsMirrorPropertySays() {
        long upright = fingerprint(jpeg(PICTURE)).upright().phash();
        BufferedImage mirrored = HeifSamples.mirrored(PICTURE);

        // ISO 23008-12 says axis 0 mirrors left to right; libheif 1.15 (Debian 12) does so for axis 1. The photo is
        // hashed as the decoder shows it, so this follows the decoder.
        ImageFingerprint shown = inspect(HeifSamples.heic(mirrored, 0, 1)).image().fingerprint();

        assertThat(PerceptualHash.distance(shown.upright().phash(), upright)).isLessThanOrEqualTo(4);
        assertThat(PerceptualHash.distance(fingerprint(jpeg(mirrored)).upright().phash(), upright)).isGreaterThan(16);
    }

    @Test
    void aPhoneHeicIsFingerprintedFromItsThumbnailAndStillMatchesTheJpegOfItsPicture() {
        BufferedImage picture = PhotoCorpus.photo(1280, 960, 2121);
        ImageFingerprint jpeg = fingerprint(jpeg(picture));

        HeifDecoder.Fingerprinting heic = decoder.fingerprint(write(HeifSamples.heicWithThumbnail(picture, 320)),
                InspectionLimits.defaults().maxImagePixels(), 320);

        assertThat(heic.decodedWidth()).as("the thumbnail was decoded, not the picture").isEqualTo(320);
        assertThat(heic.decodedHeight()).isEqualTo(240);
        assertThat(PerceptualHash.distance(heic.fingerprint().upright().phash(), jpeg.upright().phash()))
                .isLessThanOrEqualTo(4);
        assertThat(NearCopies.match(heic.fingerprint(), jpeg)).isPresent();
        assertThat(NearCopies.match(heic.fingerprint(), fingerprint(jpeg(PhotoCorpus.photo(1280, 960, 2222)))))
                .as("another picture").isEmpty();
        assertThat(heic.preview()).as("the agents' thumbnail").isNotNull();
    }

    @Test
    void aSidewaysPhoneHeicsThumbnailIsTurnedAsItsPictureIs() {
        BufferedImage picture = PhotoCorpus.photo(1280, 960, 2323);
        long upright = fingerprint(jpeg(picture)).upright().phash();

        // As an iPhone writes a portrait: the rotation property on the picture only, the thumbnail coded sideways.
        HeifDecoder.Fingerprinting heic = decoder.fingerprint(write(HeifSamples.heicWithThumbnail(
                HeifSamples.turnedClockwise(picture), 320, 1, -1)), InspectionLimits.defaults().maxImagePixels(), 320);

        assertThat(heic.decodedWidth()).as("the thumbnail, turned upright").isEqualTo(320);
        assertThat(heic.decodedHeight()).isEqualTo(240);
        assertThat(PerceptualHash.distance(heic.fingerprint().upright().phash(), upright)).isLessThanOrEqualTo(4);
    }

    @Test
    void aThumbnailTurnedOtherwiseThanItsPictureIsNotTrustedAndTheWholePictureIsDecoded() {
        BufferedImage picture = PhotoCorpus.photo(1280, 960, 2525);
        long upright = fingerprint(jpeg(picture)).upright().phash();

        HeifDecoder.Fingerprinting heic = decoder.fingerprint(write(HeifSamples.heicWithTurnedThumbnail(
                HeifSamples.turnedClockwise(picture), 320, 1, 2)), InspectionLimits.defaults().maxImagePixels(), 320);

        assertThat(heic.decodedWidth()).isEqualTo(1280);
        assertThat(heic.decodedHeight()).isEqualTo(960);
        assertThat(PerceptualHash.distance(heic.fingerprint().upright().phash(), upright)).isLessThanOrEqualTo(4);
    }

    @Test
    void withoutAThumbnailLargeEnoughTheWholePictureIsDecoded() {
        BufferedImage picture = PhotoCorpus.photo(1280, 960, 2424);
        long upright = fingerprint(jpeg(picture)).upright().phash();
        long pixels = InspectionLimits.defaults().maxImagePixels();

        HeifDecoder.Fingerprinting none = decoder.fingerprint(write(HeifSamples.heic(picture)), pixels, 320);
        HeifDecoder.Fingerprinting small = decoder.fingerprint(write(HeifSamples.heicWithThumbnail(picture, 160)),
                pixels, 320);
        HeifDecoder.Fingerprinting belowPreview = decoder.fingerprint(write(HeifSamples.heicWithThumbnail(picture,
                320)), pixels, 480);

        for (HeifDecoder.Fingerprinting whole : List.of(none, small, belowPreview)) {
            assertThat(whole.decodedWidth()).isEqualTo(1280);
            assertThat(PerceptualHash.distance(whole.fingerprint().upright().phash(), upright)).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void withoutTheDecoderAHeicWaitsForIt() {
        Inspection heic = new ContentInspector(InspectionLimits.defaults(), HeifDecoder.configured("off",
                Duration.ofSeconds(60), GIGABYTE, GIGABYTE, 1)).inspect(write(HeifSamples.heic(PICTURE)), EvidenceKind.PHOTO);

        assertThat(heic.image().fingerprint()).isNull();
        assertThat(heic.image().unfingerprinted().awaitedDecoder()).isEqualTo("heif-convert");
        assertThat(heic.image().width()).isEqualTo(640);
    }

    @Test
    void aHeicWhosePictureCannotBeDecodedIsUnreadableNotWaiting() {
        Unfingerprinted why = inspect(HeifSamples.damaged(HeifSamples.heic(PICTURE))).image().unfingerprinted();

        assertThat(why.awaitedDecoder()).isNull();
        assertThat(why.reason()).startsWith("heif-convert failed");
    }

    @Test
    void aDecoderOverItsMemoryLimitGivesUp() {
        ContentInspector starved = new ContentInspector(InspectionLimits.defaults(),
                HeifDecoder.configured("auto", Duration.ofSeconds(60), 8L << 20, GIGABYTE, 1));

        Unfingerprinted why = starved.inspect(write(HeifSamples.heic(PICTURE)), EvidenceKind.PHOTO).image()
                .unfingerprinted();

        assertThat(why.awaitedDecoder()).isNull();
        assertThat(why.reason()).startsWith("heif-convert failed");
    }

    @Test
    void aDecoderPastItsTimeIsKilledAndOnlyOneRunsAtATimeWhenSoConfigured() throws Exception {
        Path stuck = directory.resolve("stuck-decoder");
        Files.writeString(stuck, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(stuck, PosixFilePermissions.fromString("rwx------"));
        ContentInspector slow = new ContentInspector(InspectionLimits.defaults(),
                HeifDecoder.configured(stuck.toString(), Duration.ofSeconds(3), GIGABYTE, GIGABYTE, 1));
        Path heic = write(HeifSamples.heic(PICTURE));

        long started = System.nanoTime();
        List<Future<Unfingerprinted>> both;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Callable<Unfingerprinted> decode = () -> slow.inspect(heic, EvidenceKind.PHOTO).image().unfingerprinted();
            both = two.invokeAll(List.of(decode, decode));
        } finally {
            two.shutdown();
        }

        for (Future<Unfingerprinted> each : both) {
            assertThat(each.get().reason()).isEqualTo("decoding took longer than 3 s");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one after the other, each killed at 3 s")
                .isBetween(Duration.ofSeconds(6), Duration.ofSeconds(60));
    }

    private Inspection inspect(byte[] heic) {
        return inspector.inspect(write(heic), EvidenceKind.PHOTO);
    }

    private ImageFingerprint fingerprint(byte[] jpeg) {
        return inspector.inspect(write(jpeg), EvidenceKind.PHOTO).image().fingerprint();
    }

    private Path write(byte[] bytes) {
        try {
            return Files.write(Files.createTempFile(directory, "sample", ".bin"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jpeg(BufferedImage picture) {
        return EvidenceSamples.jpeg(picture, 0.9f);
    }
}
