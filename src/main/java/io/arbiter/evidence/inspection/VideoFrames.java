package io.arbiter.evidence.inspection;

import java.util.List;

/**
 * Keyframes of a video, fingerprinted as pictures, so that a video reusing a photo or another video's frames is found
 * as a photo copy is: each frame with where it plays ({@code atMillis} from the start). {@code unreadable} says why
 * there are none (a codec not decoded here, a frame or index too large), null when frames were read.
 */
public record VideoFrames(List<Frame> frames, String unreadable) {

    public record Frame(long atMillis, ImageFingerprint fingerprint) {
    }

    public VideoFrames {
        frames = List.copyOf(frames);
    }

    /** True for the video types whose keyframes are read (MP4 and MOV; not WebM). */
    public static boolean canRead(String mediaType) {
        return mediaType != null && MovieHeader.isBoxed(mediaType);
    }

    static VideoFrames unreadable(String why) {
        return new VideoFrames(List.of(), why);
    }

    /** True when frames were read and every one is too plain to compare (a black or blank video). */
    public boolean plain() {
        return !frames.isEmpty() && frames.stream().allMatch(frame -> frame.fingerprint().plain());
    }

    /** The frames that can be compared (not plain). */
    public List<Frame> comparable() {
        return frames.stream().filter(frame -> !frame.fingerprint().plain()).toList();
    }
}
