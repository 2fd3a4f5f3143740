package io.arbiter.evidence.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A stream over part of a file, read with positional reads so that nothing before the offset is read and
 * nothing is held in memory beyond the caller's buffer.
 */
final class FileRange extends InputStream {

    private final FileChannel channel;
    private final Path file;
    private final long end;
    private final boolean mustBeComplete;
    private long position;

    private FileRange(FileChannel channel, Path file, long offset, long end, boolean mustBeComplete) {
        this.channel = channel;
        this.file = file;
        this.position = offset;
        this.end = end;
        this.mustBeComplete = mustBeComplete;
    }

    /** Up to {@code length} bytes from {@code offset} (a negative length: to the end); stops early at the end. */
    static InputStream open(Path file, long offset, long length) throws IOException {
        return open(file, offset, length, false);
    }

    /** Exactly {@code length} bytes from {@code offset}; a file that ends sooner fails the read. */
    static InputStream openExactly(Path file, long offset, long length) throws IOException {
        return open(file, offset, length, true);
    }

    private static InputStream open(Path file, long offset, long length, boolean mustBeComplete) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        long end = length < 0 ? Long.MAX_VALUE : offset + length;
        return new FileRange(FileChannel.open(file, StandardOpenOption.READ), file, offset, end, mustBeComplete);
    }

    /** A staged file whose length changed since it was hashed no longer holds the bytes of that hash. */
    static void requireStagedSize(Path file, long actualSize, long stagedSize) throws IOException {
        if (actualSize != stagedSize) {
            throw new IOException(file + " holds " + actualSize + " bytes, not the " + stagedSize
                    + " it was staged with");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int wanted = (int) Math.min(length, end - position);
        int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (n < 0) {
            if (mustBeComplete) {
                throw new EOFException(file + " ended at byte " + position + ", before the expected " + end);
            }
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = Math.min(n, Math.min(end, channel.size()) - position);
        if (skipped <= 0) {
            return 0;
        }
        position += skipped;
        return skipped;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
