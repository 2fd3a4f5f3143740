package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.api.PictureWithMetadata;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;

/**
 * Takes a few keyframes of an MP4 or MOV video and fingerprints them as pictures (see {@link VideoFrames}). JCodec,
 * a pure-Java demuxer and H.264 decoder, reads the file through a channel: the movie index, then only the samples of
 * the keyframes chosen, never the whole file. Only keyframes are decoded (each stands alone, so no other frame is),
 * spread evenly over the video.
 *
 * <p>Bounded: a movie index (which the demuxer holds in memory) of at most {@link #MAX_INDEX_BYTES}, frames of at
 * most {@link #MAX_FRAME_PIXELS}, at most {@link #MAX_FRAMES} frames, and no frame is started after
 * {@link #DECODE_BUDGET} (the frames decoded by then are kept). A video that cannot be read so (HEVC, as phones record
 * by default, or damaged) is accepted without frames, saying why.
 */
final class VideoKeyframes {

    static final int MAX_FRAMES = 5;
    static final long MAX_INDEX_BYTES = 32L * 1024 * 1024;
    /** 4096 x 2160, the largest 4K frame. */
    static final long MAX_FRAME_PIXELS = 4096L * 2160;
    static final Duration DECODE_BUDGET = Duration.ofSeconds(3);

    private VideoKeyframes() {
    }

    static VideoFrames read(Path video) {
        try {
            long index;
            try (InputStream in = Files.newInputStream(video)) {
                index = MovieHeader.movieBoxSize(in);
            }
            if (index > MAX_INDEX_BYTES) {
                return VideoFrames.unreadable("its movie index has " + index + " bytes, more than the "
                        + MAX_INDEX_BYTES + " read here");
            }
            try (FileChannelWrapper channel = NIOUtils.readableChannel(video.toFile())) {
                return keyframes(FrameGrab.createFrameGrab(channel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JCodecException | RuntimeException | StackOverflowError e) {
            // Demuxers and decoders throw all sorts of exceptions on unusual or hostile data; the video is still
            // evidence (its type and duration were checked), only without frames to compare.
            return VideoFrames.unreadable("its frames could not be decoded (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static VideoFrames keyframes(FrameGrab grab) throws IOException, JCodecException {
        DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
        if (meta.getCodec() != null && meta.getCodec() != Codec.H264) {
            return VideoFrames.unreadable("its video is " + meta.getCodec() + "; only H.264 is decoded here");
        }
        Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
        if (size != null && (long) size.getWidth() * size.getHeight() > MAX_FRAME_PIXELS) {
            return VideoFrames.unreadable("its frames are " + size.getWidth() + " x " + size.getHeight()
                    + ", larger than the " + MAX_FRAME_PIXELS + " pixels decoded here");
        }
        long deadline = System.nanoTime() + DECODE_BUDGET.toNanos();
        List<VideoFrames.Frame> frames = new ArrayList<>();
        for (int frame : chosen(meta.getSeekFrames(), meta.getTotalFrames())) {
            if (!frames.isEmpty() && System.nanoTime() > deadline) {
                break;
            }
            grab.seekToFrameSloppy(frame);
            PictureWithMetadata picture = grab.getNativeFrameWithMetadata();
            if (picture == null) {
                break;
            }
            BufferedImage image = AWTUtil.toBufferedImage(picture.getPicture(), meta.getOrientation());
            frames.add(new VideoFrames.Frame(Math.round(picture.getTimestamp() * 1000),
                    PerceptualHash.ofFrame(image)));
        }
        return frames.isEmpty() ? VideoFrames.unreadable("it has no frame to decode") : new VideoFrames(frames, null);
    }

    /**
     * Up to {@link #MAX_FRAMES} keyframes, each in the middle of an equal share of them (the first and last frames
     * are often a fade or a hand over the lens); every frame is a keyframe when the track lists none.
     */
    static int[] chosen(int[] keyframes, int totalFrames) {
        boolean listed = keyframes != null && keyframes.length > 0;
        int among = listed ? keyframes.length : Math.max(totalFrames, 1);
        int count = Math.min(MAX_FRAMES, among);
        return IntStream.range(0, count).map(i -> (int) ((i + 0.5) * among / count))
                .map(i -> listed ? keyframes[i] : i).distinct().toArray();
    }
}
