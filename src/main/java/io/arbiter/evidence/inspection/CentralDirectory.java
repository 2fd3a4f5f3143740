package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Locale;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Counts a ZIP's central directory records before commons-compress reads them all into memory (one object per
 * record, and a few bytes make a record: a small file could list millions). Finds the directory exactly the way
 * {@code ZipFile} does (the last end record within the comment's reach, the ZIP64 locator right before it, the
 * offset corrected for data prepended to the archive) and stops counting past the limit.
 */
final class CentralDirectory {

    private static final int END_RECORD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_END_RECORD = 0x06064b50;
    private static final int DIRECTORY_RECORD = 0x02014b50;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int LOCAL_HEADER_LENGTH = 30;
    private static final int END_RECORD_LENGTH = 22;
    private static final int MAX_COMMENT_LENGTH = 0xFFFF;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int DIRECTORY_RECORD_LENGTH = 46;

    private CentralDirectory() {
    }

    /** The number of records, or a 413 as soon as there are more than {@code max}. */
    static int countEntries(SeekableByteChannel channel, int max) throws IOException {
        long size = channel.size();
        long endRecord = findEndRecord(channel, size);
        long start;
        if (endRecord > ZIP64_LOCATOR_LENGTH && u32(channel, endRecord - ZIP64_LOCATOR_LENGTH) == ZIP64_LOCATOR) {
            long zip64End = u64(channel, endRecord - ZIP64_LOCATOR_LENGTH + 8);
            if (zip64End < 0 || zip64End + 56 > size || u32(channel, zip64End) != ZIP64_END_RECORD) {
                throw damaged("its ZIP64 end record cannot be found");
            }
            start = u64(channel, zip64End + 48);
        } else {
            long length = u32(channel, endRecord + 12);
            long offset = u32(channel, endRecord + 16);
            start = offset + Math.max(endRecord - length - offset, 0L);
        }
        int count = 0;
        long at = start;
        while (at >= 0 && at + DIRECTORY_RECORD_LENGTH <= size && u32(channel, at) == DIRECTORY_RECORD) {
            count++;
            if (count > max) {
                throw new PayloadTooLargeException("file", String.format(Locale.ROOT,
                        "the archive lists more than %d entries; at most %d are accepted", max, max));
            }
            ByteBuffer lengths = read(channel, at + 28, 6);
            at += DIRECTORY_RECORD_LENGTH + (lengths.getShort(0) & 0xFFFF) + (lengths.getShort(2) & 0xFFFF)
                    + (lengths.getShort(4) & 0xFFFF);
        }
        return count;
    }

    /**
     * The raw name in the local header at {@code offset}: what a streaming extractor reads, whatever the central
     * directory says.
     */
    static byte[] localName(SeekableByteChannel channel, long offset) throws IOException {
        if (offset < 0 || offset + LOCAL_HEADER_LENGTH > channel.size() || u32(channel, offset) != LOCAL_HEADER) {
            throw damaged("an entry's local header cannot be found at byte " + offset);
        }
        int length = read(channel, offset + 26, 2).getShort(0) & 0xFFFF;
        return read(channel, offset + LOCAL_HEADER_LENGTH, length).array();
    }

    private static long findEndRecord(SeekableByteChannel channel, long size) throws IOException {
        long from = Math.max(0, size - END_RECORD_LENGTH - MAX_COMMENT_LENGTH);
        long last = size - END_RECORD_LENGTH;
        if (last >= 0) {
            ByteBuffer tail = read(channel, from, (int) (size - from));
            for (long at = last; at >= from; at--) {
                if (tail.getInt((int) (at - from)) == END_RECORD) {
                    return at;
                }
            }
        }
        throw damaged("it has no end of central directory record (an incomplete or damaged ZIP)");
    }

    static UnsupportedContentException damaged(String reason) {
        return new UnsupportedContentException("file", "the ZIP archive is damaged: " + reason);
    }

    private static long u32(SeekableByteChannel channel, long at) throws IOException {
        return read(channel, at, 4).getInt(0) & 0xFFFFFFFFL;
    }

    private static long u64(SeekableByteChannel channel, long at) throws IOException {
        return read(channel, at, 8).getLong(0);
    }

    private static ByteBuffer read(SeekableByteChannel channel, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(at);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw damaged("it ends inside its central directory");
            }
        }
        return buffer;
    }
}
