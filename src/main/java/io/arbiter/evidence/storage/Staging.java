package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.Sha256;

/**
 * Where uploads land before they are checked: {@code <root>/staging/}. Bytes are hashed as they arrive, so a
 * file is read from the network once and never again just to learn its fingerprint.
 */
public final class Staging {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    private static final Logger log = LoggerFactory.getLogger(Staging.class);

    private final Path directory;
    private final Clock clock;

    public Staging(Path root, Clock clock) throws IOException {
        this.directory = Files.createDirectories(root.resolve("staging"));
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Streams {@code in} to a new staging file, hashing it on the way. More than {@code maxBytes} is refused as
     * soon as the excess arrives, without reading the rest. On any failure the partial file is deleted.
     *
     * @param field named in the 413 problem, e.g. {@code file}
     */
    public StagedFile stage(InputStream in, long maxBytes, String field) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative size limit " + maxBytes);
        }
        Path file = Files.createTempFile(directory, "upload-", ".part");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            MessageDigest digest = Sha256.newDigest();
            byte[] buffer = new byte[BUFFER_SIZE];
            long size = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > maxBytes) {
                    throw new PayloadTooLargeException(field, "The file is larger than " + describe(maxBytes)
                            + ", the most accepted here.");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return new StagedFile(file, HexFormat.of().formatHex(digest.digest()), size);
        } catch (Throwable failure) {
            deleteQuietly(file, failure);
            throw failure;
        }
    }

    private static void deleteQuietly(Path file, Throwable failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Fingerprints a complete file already on local disk (such as a finished resumable upload) where it lies. */
    public StagedFile adopt(Path existing) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long size = 0;
        try (FileChannel channel = FileChannel.open(existing, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
                size += n;
            }
        }
        return new StagedFile(existing, HexFormat.of().formatHex(digest.digest()), size);
    }

    /**
     * Deletes staging files last written more than {@code olderThan} ago: what a crash or a lost request left
     * behind. Returns how many were deleted.
     */
    public int sweep(Duration olderThan) throws IOException {
        Instant cutoff = clock.instant().minus(olderThan);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            log.info("Removed {} abandoned staging file(s) from {}", deleted, directory);
        }
        return deleted;
    }

    static String describe(long bytes) {
        if (bytes >= MB) {
            return amount(bytes, MB) + " MB";
        }
        if (bytes >= KB) {
            return amount(bytes, KB) + " KB";
        }
        return bytes + " bytes";
    }

    private static String amount(long bytes, long unit) {
        if (bytes % unit == 0) {
            return String.valueOf(bytes / unit);
        }
        return String.format(Locale.ROOT, "%.1f", (double) bytes / unit);
    }
}
