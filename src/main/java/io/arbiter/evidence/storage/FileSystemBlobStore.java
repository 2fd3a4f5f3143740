package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Blobs as read-only files under {@code <root>/blobs/ab/cd/<sha256>}, two levels of directories taken from the
 * hash so that no directory grows to millions of entries. A file appears under its final name only once all of
 * its bytes are on disk: it is written beside its final place under a temporary name and renamed atomically.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final String INCOMING_PREFIX = ".incoming-";

    private final Path blobs;

    public FileSystemBlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
    }

    @Override
    public boolean put(String sha256, Path file, long size) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            return false;
        }
        Path directory = Files.createDirectories(target.getParent());
        Path incoming = Files.createTempFile(directory, INCOMING_PREFIX, ".tmp");
        try {
            copyDurably(file, incoming, size);
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
    public String name() {
        return "filesystem";
    }

    /** Where the blob lives; package-visible for tests that tamper with a stored file. */
    Path pathOf(String sha256) {
        Fingerprints.requireSha256(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /** Copies in the kernel (no bytes pass through the heap) and flushes to the device before the rename. */
    private static void copyDurably(Path source, Path target, long size) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
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
