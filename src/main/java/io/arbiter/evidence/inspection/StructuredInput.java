package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import io.arbiter.common.UnsupportedContentException;

/**
 * Reads an image's bytes in order for the structure walkers: numbers in either byte order, small bounded blocks into
 * memory, and everything else passed through a {@link MarkupScanner} without being kept. Running out of bytes
 * where the structure promises more, or finding markup, ends the walk with a 415 that says where.
 */
final class StructuredInput {

    private final InputStream in;
    private final String format;
    private final byte[] buffer = new byte[64 * 1024];
    private int next;
    private int end;
    private long position;

    StructuredInput(InputStream in, String format) {
        this.in = in;
        this.format = format;
    }

    /** Offset in the file of the next byte to read. */
    long position() {
        return position;
    }

    /** The next byte, or -1 at the end of the file. */
    int read() {
        if (next == end && !fill()) {
            return -1;
        }
        position++;
        return buffer[next++] & 0xFF;
    }

    boolean atEnd() {
        return next == end && !fill();
    }

    int u8() {
        int b = read();
        if (b < 0) {
            throw truncated();
        }
        return b;
    }

    int u16be() {
        return (u8() << 8) | u8();
    }

    long u32be() {
        return ((long) u16be() << 16) | u16be();
    }

    int u16le() {
        return u8() | (u8() << 8);
    }

    long u32le() {
        return u16le() | ((long) u16le() << 16);
    }

    /** {@code length} bytes into memory; callers bound the length before asking. */
    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (next == end && !fill()) {
                throw truncated();
            }
            int n = Math.min(length - copied, end - next);
            System.arraycopy(buffer, next, bytes, copied, n);
            next += n;
            copied += n;
            position += n;
        }
        return bytes;
    }

    /** Up to {@code length} bytes, fewer only at the end of the file. */
    byte[] upTo(int length) {
        int available = 0;
        byte[] bytes = new byte[length];
        int b;
        while (available < length && (b = read()) >= 0) {
            bytes[available++] = (byte) b;
        }
        return Arrays.copyOf(bytes, available);
    }

    /** Passes {@code length} bytes through the scanner as one region; the file must hold them all. */
    void scanRegion(long length, MarkupScanner scanner) {
        scan(length, scanner);
        endRegion(scanner);
    }

    /** Passes {@code length} bytes through the scanner, continuing its region; the file must hold them all. */
    void scan(long length, MarkupScanner scanner) {
        long left = length;
        while (left > 0) {
            if (next == end && !fill()) {
                throw truncated();
            }
            int n = (int) Math.min(left, end - next);
            feed(scanner, buffer, next, n, position);
            next += n;
            position += n;
            left -= n;
        }
    }

    /** Passes everything left in the file through the scanner as one region. */
    void scanRest(MarkupScanner scanner) {
        while (next < end || fill()) {
            int n = end - next;
            feed(scanner, buffer, next, n, position);
            next = end;
            position += n;
        }
        endRegion(scanner);
    }

    /** Passes bytes the caller already holds (read at {@code at}) through the scanner, continuing its region. */
    void feed(MarkupScanner scanner, byte[] bytes, int offset, int length, long at) {
        if (!scanner.feed(bytes, offset, length, at)) {
            throw markupFound(scanner);
        }
    }

    void endRegion(MarkupScanner scanner) {
        if (!scanner.endRegion()) {
            throw markupFound(scanner);
        }
    }

    /** Skips bytes that cannot hold markup (checksums), failing if the file ends first. */
    void skip(int length) {
        for (int i = 0; i < length; i++) {
            u8();
        }
    }

    UnsupportedContentException corrupt(String reason) {
        return new UnsupportedContentException("file",
                "the " + format + " image is damaged: " + reason + " (at byte " + position + ")");
    }

    UnsupportedContentException truncated() {
        return new UnsupportedContentException("file", "the " + format + " image ends too early, at byte " + position
                + ": the file is truncated or damaged");
    }

    private UnsupportedContentException markupFound(MarkupScanner scanner) {
        return new UnsupportedContentException("file", "the " + format + " image carries HTML or script ("
                + scanner.found() + " at byte " + scanner.foundAt() + "); an image must hold image data only");
    }

    private boolean fill() {
        try {
            int n = in.read(buffer);
            if (n <= 0) {
                // A stream may answer 0 without being at its end; read() tells for sure.
                int b = n == 0 ? in.read() : -1;
                if (b < 0) {
                    return false;
                }
                buffer[0] = (byte) b;
                n = 1;
            }
            next = 0;
            end = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
