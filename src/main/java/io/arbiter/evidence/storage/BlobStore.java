package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where evidence bytes live, addressed by their SHA-256 (lower-case hex): the same bytes are stored once, and
 * nothing stored is ever changed. A blob is deleted only when no evidence names it: by the request that wrote it
 * and then failed, or by the {@link BlobReaper} once it has lain unreferenced for a while. Implementations: the
 * file system under the data directory, and S3.
 * Every method refuses a key that is not 64 lower-case hex digits, so no caller-chosen name reaches a path or
 * an object key. A blob that is not there is a {@link NoSuchFileException}.
 */
public interface BlobStore {

    /**
     * Stores the file's bytes under {@code sha256} unless already there; the file is left for the caller to
     * delete, and must not be changed afterwards: a store may keep that very file (the file system store links it
     * instead of copying it where it can, which also makes it read-only). Returns true when the bytes were new; when two callers store the same bytes at the same moment both
     * may see true, and the stored bytes are the same either way. The caller has computed the hash while staging
     * the file, and {@code size} is its length in bytes: a file that is shorter fails the call and stores nothing.
     */
    boolean put(String sha256, Path file, long size) throws IOException;

    boolean exists(String sha256) throws IOException;

    /** The stored length in bytes. */
    long size(String sha256) throws IOException;

    /**
     * Bytes {@code offset} to {@code offset + length - 1}; a negative length reads to the end. A range that runs
     * past the end stops at the end; an offset at or past the end gives no bytes. The stream is the caller's to
     * close; closing it early does not read the rest.
     */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /**
     * A token that changes whenever the stored bytes may have changed, read without reading them (size and change
     * times on a file system, the ETag in S3), so that a hash check can be trusted for as long as it is the same.
     */
    String version(String sha256) throws IOException;

    /** Removes the blob; false when it was not there. */
    boolean delete(String sha256) throws IOException;

    /** Every stored blob with the time it was stored (or last changed), in no particular order. */
    void forEachStored(Visitor visitor) throws IOException;

    /** Whether a stored name is a blob key; anything else found in the store (a temporary file) is not a blob. */
    static boolean isKey(String name) {
        try {
            Fingerprints.requireSha256(name);
            return true;
        } catch (IllegalArgumentException notAKey) {
            return false;
        }
    }

    /** Receives the blobs {@link #forEachStored} lists. */
    @FunctionalInterface
    interface Visitor {
        void stored(String sha256, Instant storedAt) throws IOException;
    }

    /** A short name for logs and health ("filesystem", "s3"). */
    String name();
}
