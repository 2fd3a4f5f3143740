package io.arbiter.evidence.inspection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Looks through bytes, fed in pieces, for HTML or script that a browser would run if it ever took an image for a web
 * page, in any letter case: the tags {@code <script}, {@code <iframe}, {@code <object}, {@code <embed},
 * {@code <!doctype html}, {@code <html} and {@code <svg}; the URL schemes {@code javascript:}, {@code vbscript:} and
 * {@code data:text/html}, also when tabs or line breaks are put inside them or letters are written as character
 * references ({@code java&#x09;script:}, {@code &#106;avascript:}), which browsers ignore and decode; and, inside any
 * tag, an event-handler attribute ({@code <img src=x onerror=...>}, {@code <body/onload =...>}). The two short tags
 * count only when a tag delimiter (space, slash, angle bracket) follows them.
 *
 * <p>Compressed pixel data is random-looking, and five specific bytes turn up by chance in about one photo in a few
 * thousand: so {@link #inCompressedData()} leaves out {@code <svg}, whose five bytes are the only marker short enough
 * for that, and event handlers, which any tag-like bytes followed by {@code on..=} would match. Metadata, comments and
 * whatever follows an image's end are scanned with {@link #everywhere()}.
 *
 * <p>Why scan at all, when downloads are served as attachments named for their detected type (Tika's extension),
 * with that type, {@code nosniff} and a sandboxing CSP, so that no browser renders them as a page from us? Because
 * the originals also leave without those headers: the case file's {@code evidence/} folder keeps the uploaded names
 * (a polyglot JPEG named {@code label.html} opens as a page from the unpacked folder), and parties and marketplaces
 * pass files on to systems that sniff. The scan rides on the structure walk that must read every byte anyway, so it
 * stays.
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
            marker("<object", false), marker("<embed", false), marker("<!doctype html", false), marker("<html", true));
    private static final Marker SVG = marker("<svg", true);
    private static final List<String> SCHEMES = List.of("javascript:", "vbscript:", "data:text/html");
    /**
     * How far one marker may reach: a scheme spelled with character references and line breaks, or a long handler
     * name. What hides beyond this is missed, a price for never holding more than a small window.
     */
    private static final int LOOKAHEAD = 256;

    private final List<Marker> markers;
    private final boolean handlers;
    private byte[] pending = new byte[0];
    private long pendingStart;
    private boolean inTag;
    private byte before;
    private String found;
    private long foundAt;

    private MarkupScanner(List<Marker> markers, boolean handlers) {
        this.markers = markers;
        this.handlers = handlers;
    }

    static MarkupScanner everywhere() {
        List<Marker> all = new ArrayList<>(LONG_MARKERS);
        all.add(SVG);
        return new MarkupScanner(List.copyOf(all), true);
    }

    static MarkupScanner inCompressedData() {
        return new MarkupScanner(LONG_MARKERS, false);
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
        int decided = Math.max(0, window.length - LOOKAHEAD + 1);
        scan(window, decided, windowStart);
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
            scan(pending, pending.length, pendingStart);
        }
        pending = new byte[0];
        inTag = false;
        before = 0;
        return found == null;
    }

    /** The marker found, as written in the list above (an event handler as its name and '='), or null. */
    String found() {
        return found;
    }

    /** Where in the file the marker starts. */
    long foundAt() {
        return foundAt;
    }

    private void scan(byte[] window, int to, long windowStart) {
        for (int i = 0; i < to && found == null; i++) {
            String hit = markerAt(window, i);
            if (hit != null) {
                found = hit;
                foundAt = windowStart + i;
                return;
            }
            if (window[i] == '<') {
                inTag = i + 1 < window.length && isLetter(window[i + 1]);
            } else if (window[i] == '>') {
                inTag = false;
            }
            before = window[i];
        }
    }

    private String markerAt(byte[] window, int at) {
        int first = lower(window[at]);
        if (first == '<') {
            for (Marker marker : markers) {
                if (matches(window, at, marker)) {
                    return marker.shown();
                }
            }
        }
        if (first == 'j' || first == 'v' || first == 'd' || first == '&') {
            for (String scheme : SCHEMES) {
                if (new Decoded(window, at).startsWith(scheme)) {
                    return scheme;
                }
            }
        }
        return handlers && inTag && isAttributeDelimiter(before) ? handlerAt(window, at) : null;
    }

    /** An {@code on...=} attribute starting at {@code at}, as its name and '=', or null. */
    private static String handlerAt(byte[] window, int at) {
        int end = Math.min(window.length, at + LOOKAHEAD);
        if (at + 2 >= end || lower(window[at]) != 'o' || lower(window[at + 1]) != 'n') {
            return null;
        }
        int i = at + 2;
        while (i < end && isLetter(window[i])) {
            i++;
        }
        int nameEnd = i;
        while (i < end && isSpace(window[i])) {
            i++;
        }
        if (nameEnd - at < 4 || i == end || window[i] != '=') {
            return null;
        }
        return new String(window, at, nameEnd - at, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT)
                + "=";
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

    /**
     * Characters as a browser reads a URL in an attribute: character references decoded, and the tabs and line
     * breaks it strips from a URL skipped.
     */
    private static final class Decoded {

        private final byte[] window;
        private final int end;
        private int at;

        Decoded(byte[] window, int at) {
            this.window = window;
            this.at = at;
            this.end = Math.min(window.length, at + LOOKAHEAD);
        }

        boolean startsWith(String text) {
            for (int k = 0; k < text.length(); k++) {
                int c;
                do {
                    c = next();
                } while (c == '\t' || c == '\n' || c == '\r');
                if (c < 0 || Character.toLowerCase(c) != text.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** The next character, or -1 at the end of what may be looked at. */
        private int next() {
            if (at >= end) {
                return -1;
            }
            if (window[at] != '&') {
                return window[at++] & 0xFF;
            }
            int reference = reference();
            if (reference < 0) {
                return window[at++] & 0xFF;
            }
            return reference;
        }

        /** The character a reference at {@code at} stands for, moving past it; -1 (not moving) if there is none. */
        private int reference() {
            for (NamedReference named : NAMED) {
                byte[] name = named.name();
                if (at + name.length <= end && Arrays.equals(window, at, at + name.length, name, 0, name.length)) {
                    at += name.length;
                    return named.character();
                }
            }
            if (at + 2 >= end || window[at + 1] != '#') {
                return -1;
            }
            boolean hex = lower(window[at + 2]) == 'x';
            int i = at + (hex ? 3 : 2);
            int digitsStart = i;
            long value = 0;
            while (i < end && Character.digit(window[i], hex ? 16 : 10) >= 0) {
                value = Math.min(value * (hex ? 16 : 10) + Character.digit(window[i], hex ? 16 : 10), 0x10FFFF + 1);
                i++;
            }
            if (i == digitsStart) {
                return -1;
            }
            at = i < end && window[i] == ';' ? i + 1 : i;
            return (int) Math.min(value, Character.MAX_CODE_POINT);
        }
    }

    private record NamedReference(byte[] name, char character) {
    }

    /** The named references a browser decodes to the characters that matter here. */
    private static final List<NamedReference> NAMED = List.of(named("&Tab;", '\t'), named("&NewLine;", '\n'),
            named("&colon;", ':'));

    private static NamedReference named(String name, char character) {
        return new NamedReference(name.getBytes(StandardCharsets.US_ASCII), character);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
    }

    private static boolean isDelimiter(byte b) {
        return isSpace(b) || b == '/' || b == '>';
    }

    /** What may stand before an attribute's name in a tag: space, a slash, or the quote closing the previous value. */
    private static boolean isAttributeDelimiter(byte b) {
        return isSpace(b) || b == '/' || b == '"' || b == '\'';
    }
}
