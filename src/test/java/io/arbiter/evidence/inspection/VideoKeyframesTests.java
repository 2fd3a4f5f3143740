package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoKeyframesTests {

    @TempDir
    Path directory;

    @Test
    void keyframesOfARealH264VideoMatchThePhotoItFilmsAndNotAnotherPicture() throws IOException {
        BufferedImage picture = EvidenceSamples.scene(320, 240, 41);
        VideoFrames video = VideoKeyframes.read(write("film.mp4", SampleVideos.filming(picture, 30)));

        assertThat(video.unreadable()).isNull();
        assertThat(video.frames()).hasSizeBetween(2, VideoKeyframes.MAX_FRAMES);
        assertThat(video.frames()).extracting(VideoFrames.Frame::atMillis).isSorted();
        ImageFingerprint photo = PerceptualHash.of(write("photo.jpg", EvidenceSamples.jpeg(picture, 0.8f)), 1);
        ImageFingerprint other = PerceptualHash.of(
                write("other.jpg", EvidenceSamples.jpeg(EvidenceSamples.scene(320, 240, 42), 0.8f)), 1);
        for (VideoFrames.Frame frame : video.frames()) {
            assertThat(NearCopies.match(photo, frame.fingerprint())).as("frame at %d ms", frame.atMillis()).isPresent();
            assertThat(NearCopies.match(other, frame.fingerprint())).isEmpty();
        }
    }

    @Test
    void aVideoThatIsNotReadableHereIsAcceptedWithoutFramesSayingWhy() throws IOException {
        VideoFrames video = VideoKeyframes.read(write("header-only.mp4", EvidenceSamples.mp4()));

        assertThat(video.frames()).isEmpty();
        assertThat(video.unreadable()).isNotBlank();
    }

    @Test
    void theInspectionOfAnMp4CarriesItsKeyframes() throws IOException {
        Path film = write("film.mp4", SampleVideos.filming(EvidenceSamples.scene(320, 240, 43), 30));

        Inspection inspection = new ContentInspector(InspectionLimits.defaults()).inspect(film, EvidenceKind.VIDEO);

        assertThat(inspection.mediaType()).isEqualTo(ContentTypes.MP4);
        assertThat(inspection.video().frames()).isNotEmpty();
    }

    @Test
    void atMostFiveKeyframesAreTakenSpreadOverTheVideo() {
        int[] keyframes = java.util.stream.IntStream.range(0, 40).map(i -> i * 25).toArray();

        assertThat(VideoKeyframes.chosen(keyframes, 1000)).containsExactly(100, 300, 500, 700, 900);
        assertThat(VideoKeyframes.chosen(new int[] {0, 50}, 100)).containsExactly(0, 50);
        assertThat(VideoKeyframes.chosen(null, 3)).containsExactly(0, 1, 2);
        assertThat(VideoKeyframes.chosen(new int[0], 0)).containsExactly(0);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }
}
