package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** ZIP archives for the tests, well formed or hostile, written with commons-compress or patched by hand. */
final class ZipSamples {

    private final List<ZipArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    static ZipSamples zip() {
        return new ZipSamples();
    }

    ZipSamples deflated(String name, byte[] data) {
        return entry(name, data, entry -> entry.setMethod(ZipArchiveEntry.DEFLATED));
    }

    ZipSamples stored(String name, byte[] data) {
        return entry(name, data, entry -> {
            entry.setMethod(ZipArchiveEntry.STORED);
            entry.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            entry.setCrc(crc.getValue());
        });
    }

    ZipSamples folder(String name) {
        return entry(name, new byte[0], entry -> { });
    }

    ZipSamples symlink(String name, String target) {
        return entry(name, target.getBytes(StandardCharsets.UTF_8),
                entry -> entry.setUnixMode(UnixStat.LINK_FLAG | 0777));
    }

    ZipSamples encrypted(String name, byte[] data) {
        return entry(name, data, entry -> entry.getGeneralPurposeBit().useEncryption(true));
    }

    ZipSamples entry(String name, byte[] data, Consumer<ZipArchiveEntry> adjust) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        adjust.accept(entry);
        entries.add(entry);
        contents.add(data);
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.size(); i++) {
                out.putArchiveEntry(entries.get(i));
                out.write(contents.get(i));
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A one-entry archive whose central directory lists that entry {@code copies} times, every record pointing at
     * the same compressed data: the archive stays small while what it expands to grows with each copy.
     */
    static byte[] overlapping(byte[] oneEntryZip, int copies) {
        ByteBuffer zip = ByteBuffer.wrap(oneEntryZip).order(ByteOrder.LITTLE_ENDIAN);
        int end = oneEntryZip.length - 22;
        int directorySize = zip.getInt(end + 12);
        int directoryOffset = zip.getInt(end + 16);
        ByteBuffer out = ByteBuffer.allocate(directoryOffset + directorySize * copies + 22)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(oneEntryZip, 0, directoryOffset);
        for (int i = 0; i < copies; i++) {
            out.put(oneEntryZip, directoryOffset, directorySize);
        }
        out.put(oneEntryZip, end, 22);
        out.putShort(out.position() - 22 + 8, (short) copies);
        out.putShort(out.position() - 22 + 10, (short) copies);
        out.putInt(out.position() - 22 + 12, directorySize * copies);
        return out.array();
    }

    /** The archive with the compression method of every entry changed, in local and central headers alike. */
    static byte[] withMethod(byte[] zip, int method) {
        return patchHeaders(zip, (header, nameAt, nameLength, central) -> header.putShort(central ? 10 : 8,
                (short) method));
    }

    /** The archive with every entry flagged as encrypted (commons-compress refuses to write one). */
    static byte[] withEncryptionFlag(byte[] zip) {
        return patchHeaders(zip, (header, nameAt, nameLength, central) -> {
            int at = central ? 8 : 6;
            header.putShort(at, (short) (header.getShort(at) | 1));
        });
    }

    /**
     * The archive with a character of every entry name replaced, and the entries marked as made on Unix, where a
     * backslash is part of a name: readers keep it as written instead of turning it into a slash.
     */
    static byte[] withNameCharacter(byte[] zip, char from, char to) {
        return patchHeaders(zip, (header, nameAt, nameLength, central) -> {
            if (central) {
                header.put(5, (byte) 3);
            }
            for (int i = nameAt; i < nameAt + nameLength; i++) {
                if (header.get(i) == from) {
                    header.put(i, (byte) to);
                }
            }
        });
    }

    /** The archive with an entry's name changed in its local header only (the new name must be as long). */
    static byte[] withLocalName(byte[] zip, String from, String to) {
        byte[] was = from.getBytes(StandardCharsets.UTF_8);
        byte[] now = to.getBytes(StandardCharsets.UTF_8);
        return patchHeaders(zip, (header, nameAt, nameLength, central) -> {
            if (!central && nameLength == was.length
                    && header.slice(nameAt, nameLength).equals(ByteBuffer.wrap(was))) {
                header.put(nameAt, now);
            }
        });
    }

    private interface HeaderPatch {
        void apply(ByteBuffer header, int nameAt, int nameLength, boolean central);
    }

    /** Applies the patch to each local and central header; the entries' data must not contain a header signature. */
    private static byte[] patchHeaders(byte[] zip, HeaderPatch patch) {
        byte[] patched = zip.clone();
        ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= patched.length; i++) {
            int signature = buffer.getInt(i);
            if (signature == 0x04034b50) {
                patch.apply(buffer.slice(i, patched.length - i).order(ByteOrder.LITTLE_ENDIAN), 30,
                        buffer.getShort(i + 26) & 0xFFFF, false);
            } else if (signature == 0x02014b50) {
                patch.apply(buffer.slice(i, patched.length - i).order(ByteOrder.LITTLE_ENDIAN), 46,
                        buffer.getShort(i + 28) & 0xFFFF, true);
            }
        }
        return patched;
    }
}
