package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where evidence bytes live, addressed by their SHA-256 (lower-case hex): the same bytes are stored once, and
 * nothing stored is ever changed or deleted. Implementations: the file system under the data directory, and S3.
 */
public interface BlobStore {

    /**
     * Stores the file's bytes under {@code sha256} unless already there; the file is left for the caller to
     * delete. Returns true when the bytes were new. The caller has computed the hash while staging the file.
     */
    boolean put(String sha256, Path file, long size) throws IOException;

    boolean exists(String sha256) throws IOException;

    /** Bytes {@code offset} to {@code offset + length - 1}; a negative length reads to the end. */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /** A short name for logs and health ("filesystem", "s3"). */
    String name();
}
