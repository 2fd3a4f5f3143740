package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as read-only files under {@code <root>/blobs/ab/cd/<sha256>}, two levels of directories taken from the
 * hash so that no directory grows to millions of entries. A file appears under its final name only once all of
 * its bytes are on disk: it is written beside its final place under a temporary name and renamed atomically.
 *
 * <p>A staged file on the same POSIX file system (the staging and tus directories are under the same root) is
 * not copied: the blob becomes a second hard link to it, so a video of a gigabyte is neither copied nor written
 * to the disk twice. Elsewhere, or where linking fails, the bytes are copied.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final String INCOMING_PREFIX = ".incoming-";

    private final Path blobs;
    /** Only where a read-only mode leaves other names of a file deletable: Windows would keep the caller's. */
    private final boolean mayLink;
    private final boolean hasChangeTime;

    public FileSystemBlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.mayLink = Files.getFileStore(blobs).supportsFileAttributeView(PosixFileAttributeView.class);
        this.hasChangeTime = Files.getFileStore(blobs).supportsFileAttributeView("unix");
    }

    @Override
    public boolean put(String sha256, Path file, long size) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            return false;
        }
        Path directory = Files.createDirectories(target.getParent());
        Path incoming = directory.resolve(INCOMING_PREFIX + UUID.randomUUID() + ".tmp");
        try {
            if (!linkDurably(file, incoming, size)) {
                copyDurably(file, incoming, size);
            }
            if (!incoming.toFile().setWritable(false, false)) {
                throw new IOException("cannot make " + incoming + " read-only");
            }
            try {
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException alreadyStored) {
                return false;
            }
            syncDirectory(directory);
            return true;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    @Override
    public long size(String sha256) throws IOException {
        return Files.size(pathOf(sha256));
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        return FileRange.open(pathOf(sha256), offset, length);
    }

    @Override
    public String version(String sha256) throws IOException {
        Path path = pathOf(sha256);
        BasicFileAttributes file = Files.readAttributes(path, BasicFileAttributes.class);
        // Whoever rewrites a file can set its modification time back, but not its change time (ctime).
        Object changed = hasChangeTime ? Files.getAttribute(path, "unix:ctime") : "";
        return file.size() + "/" + file.fileKey() + "/" + file.lastModifiedTime() + "/" + changed;
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(pathOf(sha256));
    }

    @Override
    public void forEachStored(Visitor visitor) throws IOException {
        try (Stream<Path> files = Files.walk(blobs, 3)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (BlobStore.isKey(name) && Files.isRegularFile(file)) {
                    visitor.stored(name, Files.getLastModifiedTime(file).toInstant());
                }
            }
        }
    }

    @Override
    public String name() {
        return "filesystem";
    }

    /** Where the blob lives; package-visible for tests that tamper with a stored file. */
    Path pathOf(String sha256) {
        Fingerprints.requireSha256(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /**
     * Makes {@code target} a second name of the staged file and flushes it to the device; false when the file
     * cannot be linked here (another file system, a file system without hard links), and then nothing was made.
     * A symbolic link is never linked: the blob would be a pointer to a file that may change.
     */
    private boolean linkDurably(Path source, Path target, long size) throws IOException {
        if (!mayLink || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException linkRefused) {
            return false;
        }
        try (FileChannel linked = FileChannel.open(target, StandardOpenOption.READ)) {
            FileRange.requireStagedSize(source, linked.size(), size);
            linked.force(true);
        }
        return true;
    }

    /** Copies in the kernel (no bytes pass through the heap) and flushes to the device before the rename. */
    private static void copyDurably(Path source, Path target, long size) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            long copied = 0;
            while (copied < size) {
                long n = in.transferTo(copied, size - copied, out);
                if (n <= 0) {
                    break;
                }
                copied += n;
            }
            FileRange.requireStagedSize(source, in.size(), size);
            out.force(true);
        }
    }

    /** Makes the rename itself survive a power cut; some platforms cannot open a directory, and lose nothing else. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupportedHere) {
            // The blob is complete either way; only its survival of a power cut right now is less certain.
        }
    }
}
