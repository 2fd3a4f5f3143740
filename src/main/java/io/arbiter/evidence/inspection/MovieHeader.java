package io.arbiter.evidence.inspection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.arbiter.common.UnsupportedContentException;

/**
 * Requires an MP4 or MOV file to say how long it plays: a file type box alone passes for a video by its first bytes,
 * so the movie header ({@code moov/mvhd}, or for a fragmented file {@code moov/mvex/mehd}) must give a duration above
 * zero. Walks the boxes as a stream, skipping each one's body unread (the media data may come first and be gigabytes
 * long), and holds no more than a box header in memory.
 */
final class MovieHeader {

    private MovieHeader() {
    }

    /** True for the formats built of ISO base media boxes, which this check reads. */
    static boolean isBoxed(String mediaType) {
        return mediaType.equals(ContentTypes.MP4) || mediaType.equals(ContentTypes.QUICKTIME);
    }

    /** Reads {@code in} (the whole file, from its start) and refuses it unless it declares a duration above zero. */
    static void requireDuration(InputStream in, String format) {
        try {
            Long duration = movieDuration(in);
            if (duration == null) {
                throw new UnsupportedContentException("file", "the " + format + " file has no movie header (moov"
                        + " with mvhd), so it has no duration: it is not a playable video");
            }
            if (duration <= 0) {
                throw new UnsupportedContentException("file", "the " + format + " file's movie header gives no"
                        + " duration: it is not a playable video");
            }
        } catch (EOFException e) {
            throw new UnsupportedContentException("file", "the " + format + " file ends inside a box: it is truncated"
                    + " or damaged, not a playable video");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The size of the first movie box ({@code moov}, the index a demuxer holds in memory) in {@code in} (the whole
     * file, from its start), or -1 when there is none.
     */
    static long movieBoxSize(InputStream in) throws IOException {
        Box box;
        while ((box = Box.next(in, Long.MAX_VALUE)) != null && !box.toEnd()) {
            if (box.type().equals("moov")) {
                return box.headerSize() + box.bodySize();
            }
            in.skipNBytes(box.bodySize());
        }
        return -1;
    }

    /** The duration in the first movie box's header (0 if it gives none), or null without either. */
    private static Long movieDuration(InputStream in) throws IOException {
        Box box;
        while ((box = Box.next(in, Long.MAX_VALUE)) != null) {
            if (box.type().equals("moov")) {
                long duration = duration(in, box.bodySize(), "mvhd");
                return duration < 0 ? null : duration;
            }
            if (box.toEnd()) {
                return null;
            }
            in.skipNBytes(box.bodySize());
        }
        return null;
    }

    /**
     * The largest duration given by the {@code wanted} boxes (mvhd, or mehd) among the {@code length} bytes of a
     * container, looking into {@code mvex}; -1 without any.
     */
    private static long duration(InputStream in, long length, String wanted) throws IOException {
        long duration = -1;
        long left = length;
        while (left > 0) {
            Box box = Box.next(in, left);
            if (box == null || box.toEnd()) {
                throw new EOFException();
            }
            left -= box.headerSize() + box.bodySize();
            long unread = box.bodySize();
            if (box.type().equals(wanted)) {
                boolean movie = wanted.equals("mvhd");
                byte[] head = readFully(in, (int) Math.min(unread, 4));
                boolean wide = head.length == 4 && head[0] == 1;
                int needed = movie ? (wide ? 28 : 16) : (wide ? 8 : 4);
                if (head.length < 4 || unread < 4 + needed) {
                    throw new EOFException();
                }
                ByteBuffer fields = ByteBuffer.wrap(readFully(in, needed));
                unread -= 4 + needed;
                long value = wide ? fields.getLong(needed - 8) : fields.getInt(needed - 4) & 0xFFFFFFFFL;
                long timeScale = movie ? fields.getInt(needed - (wide ? 12 : 8)) & 0xFFFFFFFFL : 1;
                // All ones is how a header says the duration is unknown.
                boolean unknown = wide ? value == -1 : value == 0xFFFFFFFFL;
                duration = Math.max(duration, timeScale == 0 || unknown ? 0 : value);
            } else if (box.type().equals("mvex") && wanted.equals("mvhd")) {
                duration = Math.max(duration, duration(in, unread, "mehd"));
                unread = 0;
            }
            in.skipNBytes(unread);
        }
        return duration;
    }

    /** A box header: its type, and the size of its body (what follows the header). */
    private record Box(String type, int headerSize, long bodySize, boolean toEnd) {

        /** The next box header, or null at the end of the stream; refuses a size that exceeds {@code within}. */
        static Box next(InputStream in, long within) throws IOException {
            byte[] header = in.readNBytes(8);
            if (header.length == 0) {
                return null;
            }
            if (header.length < 8) {
                throw new EOFException();
            }
            ByteBuffer buffer = ByteBuffer.wrap(header);
            long size = buffer.getInt(0) & 0xFFFFFFFFL;
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (size == 1) {
                size = ByteBuffer.wrap(readFully(in, 8)).getLong();
                headerSize = 16;
            }
            boolean toEnd = size == 0;
            if (!toEnd && (size < headerSize || size > within)) {
                throw new EOFException();
            }
            return new Box(type, headerSize, toEnd ? 0 : size - headerSize, toEnd);
        }
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return bytes;
    }
}
