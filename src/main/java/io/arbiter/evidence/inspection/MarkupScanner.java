package io.arbiter.evidence.inspection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Looks through bytes, fed in pieces, for the start of HTML or script that a browser would run if it ever took an
 * image for a web page: {@code <script}, {@code <iframe}, {@code javascript:}, {@code <!doctype html}, {@code <html}
 * and {@code <svg}, in any letter case. The two short tags count only when a tag delimiter (space, slash, angle
 * bracket) follows them.
 *
 * <p>Compressed pixel data is random-looking, and five specific bytes turn up by chance in about one photo in a few
 * thousand: so {@link #inCompressedData()} leaves out {@code <svg}, whose five bytes are the only marker short enough
 * for that. Metadata, comments and whatever follows an image's end are scanned with {@link #everywhere()}.
 */
final class MarkupScanner {

    private record Marker(byte[] text, boolean needsDelimiter) {

        int length() {
            return text.length + (needsDelimiter ? 1 : 0);
        }

        String shown() {
            return new String(text, StandardCharsets.US_ASCII);
        }
    }

    private static final List<Marker> LONG_MARKERS = List.of(marker("<script", false), marker("<iframe", false),
            marker("javascript:", false), marker("<!doctype html", false), marker("<html", true));
    private static final Marker SVG = marker("<svg", true);

    private final List<Marker> markers;
    private final int longest;
    private byte[] pending = new byte[0];
    private long pendingStart;
    private String found;
    private long foundAt;

    private MarkupScanner(List<Marker> markers) {
        this.markers = markers;
        this.longest = markers.stream().mapToInt(Marker::length).max().orElseThrow();
    }

    static MarkupScanner everywhere() {
        List<Marker> all = new ArrayList<>(LONG_MARKERS);
        all.add(SVG);
        return new MarkupScanner(List.copyOf(all));
    }

    static MarkupScanner inCompressedData() {
        return new MarkupScanner(LONG_MARKERS);
    }

    private static Marker marker(String text, boolean needsDelimiter) {
        return new Marker(text.getBytes(StandardCharsets.US_ASCII), needsDelimiter);
    }

    /**
     * Scans {@code length} bytes that sit at {@code position} in the file, right after the previously fed ones unless
     * {@link #endRegion()} came between. Returns false once a marker was found.
     */
    boolean feed(byte[] bytes, int offset, int length, long position) {
        if (found != null || length == 0) {
            return found == null;
        }
        byte[] window = Arrays.copyOf(pending, pending.length + length);
        System.arraycopy(bytes, offset, window, pending.length, length);
        long windowStart = pending.length == 0 ? position : pendingStart;
        int decided = Math.max(0, window.length - longest + 1);
        scan(window, 0, decided, windowStart);
        pending = Arrays.copyOfRange(window, decided, window.length);
        pendingStart = windowStart + decided;
        return found == null;
    }

    /**
     * The bytes fed so far form a whole region (a segment, a chunk, the rest of the file): a marker may not span
     * into the next one, which a browser would not read as markup either. Returns false once a marker was found.
     */
    boolean endRegion() {
        if (found == null) {
            scan(pending, 0, pending.length, pendingStart);
        }
        pending = new byte[0];
        return found == null;
    }

    /** The marker found, as written in the list above, or null. */
    String found() {
        return found;
    }

    /** Where in the file the marker starts. */
    long foundAt() {
        return foundAt;
    }

    private void scan(byte[] window, int from, int to, long windowStart) {
        for (int i = from; i < to && found == null; i++) {
            int first = lower(window[i]);
            if (first != '<' && first != 'j') {
                continue;
            }
            for (Marker marker : markers) {
                if (matches(window, i, marker)) {
                    found = marker.shown();
                    foundAt = windowStart + i;
                    return;
                }
            }
        }
    }

    private static boolean matches(byte[] window, int at, Marker marker) {
        byte[] text = marker.text();
        if (at + marker.length() > window.length) {
            return false;
        }
        for (int k = 0; k < text.length; k++) {
            if (lower(window[at + k]) != text[k]) {
                return false;
            }
        }
        return !marker.needsDelimiter() || isDelimiter(window[at + text.length]);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static boolean isDelimiter(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '/' || b == '>';
    }
}
