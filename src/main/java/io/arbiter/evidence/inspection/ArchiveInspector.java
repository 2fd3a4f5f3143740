package io.arbiter.evidence.inspection;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.InputStreamStatistics;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Looks inside a ZIP before it is accepted, without extracting anything to disk: every entry is decompressed as a
 * stream and its bytes are counted as they come, whatever the headers claim. Refuses links, absolute and climbing
 * paths, encryption, nested archives and anything but accepted media (told apart by content), and stops a zip bomb
 * as soon as it expands beyond the limits.
 */
final class ArchiveInspector {

    /** Stored and deflated are what phones and desktop tools write; Deflate64 is what Windows uses for large files. */
    private static final Set<Integer> METHODS = Set.of(ZipEntry.STORED, ZipEntry.DEFLATED,
            ZipMethod.ENHANCED_DEFLATED.getCode());
    private static final int SHOWN_NAME_CHARS = 120;

    private final InspectionLimits limits;

    ArchiveInspector(InspectionLimits limits) {
        this.limits = limits;
    }

    /** Returns the number of files in the archive (folders are not counted). */
    int inspect(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            int listed = CentralDirectory.countEntries(channel, limits.maxZipEntries());
            try (ZipFile zip = open(channel)) {
                List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
                if (entries.size() != listed) {
                    throw CentralDirectory.damaged("its central directory lists " + listed + " entries but "
                            + entries.size() + " could be read");
                }
                Expansion expansion = new Expansion(channel.size());
                int files = 0;
                for (ZipArchiveEntry entry : entries) {
                    if (inspectEntry(zip, channel, entry, expansion)) {
                        files++;
                    }
                }
                if (files == 0) {
                    throw new UnsupportedContentException("file", "the archive holds no files");
                }
                return files;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ZipFile open(SeekableByteChannel channel) {
        try {
            return ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            throw CentralDirectory.damaged("its central directory cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Returns true for a file, false for a folder; throws for anything refused. */
    private boolean inspectEntry(ZipFile zip, SeekableByteChannel channel, ZipArchiveEntry entry,
                                 Expansion expansion) throws IOException {
        String name = shown(entry.getName());
        checkPath(name, entry.getName());
        checkPath(name, new String(entry.getRawName(), StandardCharsets.ISO_8859_1));
        checkLocalName(name, channel, entry);
        if (entry.isUnixSymlink()) {
            throw refused(name, "is a symbolic link");
        }
        if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()) {
            throw refused(name, "is encrypted");
        }
        if (!METHODS.contains(entry.getMethod())) {
            throw refused(name, "uses compression method " + entry.getMethod() + "; only stored and deflated entries"
                    + " are accepted");
        }
        try (InputStream raw = zip.getInputStream(entry);
             InputStream counted = expansion.counting(raw, entry, name)) {
            if (entry.isDirectory()) {
                if (counted.read() >= 0) {
                    throw refused(name, "is a folder but holds data");
                }
                return false;
            }
            byte[] head = ContentTypes.readHead(counted);
            if (head.length == 0) {
                throw refused(name, "is empty");
            }
            String type = ContentTypes.detect(head);
            if (ContentTypes.isArchive(type)) {
                throw refused(name, "is a nested archive (" + type + ")");
            }
            if (!ContentTypes.ARCHIVE_MEMBERS.contains(type)) {
                throw refused(name, "is " + type + "; an archive may hold only photos (JPEG, PNG, WebP, HEIC), videos"
                        + " (MP4, MOV, WebM) and PDF documents");
            }
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), counted);
            if (ContentTypes.PHOTOS.contains(type)) {
                checkImage(name, type, whole);
            } else {
                if (MovieHeader.isBoxed(type)) {
                    inEntry(name, () -> MovieHeader.requireDuration(whole, ContentInspector.formatName(type)));
                } else if (type.equals(ContentTypes.PDF)) {
                    inEntry(name, () -> PdfActiveContent.refuseActive(whole, expansion.archiveSize));
                }
                // What the checks left unread still counts towards the limits.
                whole.transferTo(OutputStream.nullOutputStream());
            }
            return true;
        } catch (UnsupportedContentException | PayloadTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CentralDirectory.damaged("entry '" + name + "' cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Streaming extractors (and commons-compress's own ZipArchiveInputStream) take names from the local headers, so
     * those must be as harmless as the central directory's, and the same: a name that differs is a file the listing
     * hides.
     */
    private static void checkLocalName(String name, SeekableByteChannel channel, ZipArchiveEntry entry)
            throws IOException {
        byte[] local = CentralDirectory.localName(channel, entry.getLocalHeaderOffset());
        String localName = new String(local, StandardCharsets.ISO_8859_1);
        String problem = pathProblem(localName);
        String named = "is named '" + shown(localName) + "' in its local header";
        if (problem != null) {
            throw refused(name, named + ", " + problem);
        }
        if (!Arrays.equals(local, entry.getRawName())) {
            throw refused(name, named + "; the local header and the central directory must name an entry alike");
        }
    }

    private void checkImage(String name, String type, InputStream image) {
        inEntry(name, () -> ImageStructures.requireAtMost(ImageStructures.read(type, image, 0),
                limits.maxImagePixels()));
    }

    /** Runs a check on an entry's content, naming the entry in what it refuses. */
    private static void inEntry(String name, Runnable check) {
        try {
            check.run();
        } catch (UnsupportedContentException e) {
            throw new UnsupportedContentException(e.field(), "archive entry '" + name + "': " + e.getMessage());
        } catch (ExpansionTooLarge e) {
            throw e;
        } catch (PayloadTooLargeException e) {
            throw new PayloadTooLargeException(e.field(), "archive entry '" + name + "': " + e.getMessage());
        }
    }

    /** The archive's own limits, which name the entry or the archive already. */
    private static final class ExpansionTooLarge extends PayloadTooLargeException {

        ExpansionTooLarge(String message) {
            super("file", message);
        }
    }

    private static void checkPath(String shown, String path) {
        String problem = pathProblem(path);
        if (problem != null) {
            throw refused(shown, "has " + problem);
        }
    }

    /** What makes the path unsafe to extract, or null. */
    private static String pathProblem(String path) {
        String slashed = path.replace('\\', '/');
        if (slashed.startsWith("/") || (slashed.length() >= 2 && slashed.charAt(1) == ':')) {
            return "an absolute path";
        }
        for (String segment : slashed.split("/")) {
            if (segment.equals("..")) {
                return "a path that climbs out of the archive (..)";
            }
        }
        return null;
    }

    private static UnsupportedContentException refused(String name, String reason) {
        return new UnsupportedContentException("file", "archive entry '" + name + "' " + reason);
    }

    /** The name as it can be shown in a message: control characters replaced, length bounded. */
    private static String shown(String name) {
        String printable = name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() > SHOWN_NAME_CHARS ? printable.substring(0, SHOWN_NAME_CHARS) + "…" : printable;
    }

    /** Counts what the whole archive has expanded to so far, and refuses to go past the limits. */
    private final class Expansion {

        private final long archiveSize;
        private long total;

        Expansion(long archiveSize) {
            this.archiveSize = archiveSize;
        }

        InputStream counting(InputStream raw, ZipArchiveEntry entry, String name) {
            return new FilterInputStream(raw) {
                private long entryBytes;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        counted(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        counted(n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    // Skipping must count too, so it reads.
                    byte[] skipped = new byte[(int) Math.min(n, 8192)];
                    int read = read(skipped, 0, skipped.length);
                    return Math.max(read, 0);
                }

                private void counted(int n) {
                    entryBytes += n;
                    total += n;
                    if (total > limits.maxZipUncompressedBytes()) {
                        throw new ExpansionTooLarge(String.format(Locale.ROOT,
                                "the archive expands to more than %,d bytes", limits.maxZipUncompressedBytes()));
                    }
                    long compressed = raw instanceof InputStreamStatistics statistics
                            ? statistics.getCompressedCount() : entry.getCompressedSize();
                    if (entryBytes > InspectionLimits.RATIO_GRACE_BYTES
                            && entryBytes > limits.maxZipCompressionRatio() * Math.max(compressed, 1)) {
                        throw new ExpansionTooLarge("archive entry '" + name + "' expands more than "
                                + limits.maxZipCompressionRatio() + " times its compressed size (a zip bomb)");
                    }
                    if (total > InspectionLimits.RATIO_GRACE_BYTES
                            && total > limits.maxZipCompressionRatio() * archiveSize) {
                        throw new ExpansionTooLarge("the archive expands more than "
                                + limits.maxZipCompressionRatio() + " times its size (a zip bomb)");
                    }
                }
            };
        }
    }
}
