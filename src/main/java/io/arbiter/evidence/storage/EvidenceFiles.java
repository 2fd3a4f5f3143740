package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.arbiter.common.Sha256;

/**
 * The read side of the vault: a file is served only after its stored bytes have been hashed again and found
 * equal to the fingerprint taken when it arrived. A video is fetched in many Range requests, so a successful
 * check is remembered with the stored file's {@linkplain BlobStore#version version} and trusted only while every
 * read finds that version unchanged, and for {@code verifiedFor} at most: a file changed after a check is hashed
 * again (and refused) at its next read.
 */
public final class EvidenceFiles {

    private static final int BUFFER_SIZE = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EvidenceFiles.class);

    private final BlobStore store;
    private final Clock clock;
    private final Duration verifiedFor;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A successful check: of the stored file as it was at {@code version}. */
    private record Verified(String version, Instant at) {
    }

    public EvidenceFiles(BlobStore store, Clock clock, Duration verifiedFor) {
        this.store = store;
        this.clock = clock;
        this.verifiedFor = verifiedFor;
    }

    /**
     * Bytes {@code offset} to {@code offset + length - 1} of the file (a negative length: to the end), once the
     * whole stored file is known to match {@code sha256}. Throws {@link EvidenceIntegrityException} when it does
     * not, or is missing.
     */
    public InputStream openVerified(String sha256, long offset, long length) throws IOException {
        try {
            if (!stillVerified(sha256, store.version(sha256))) {
                verify(sha256);
            }
            return store.open(sha256, offset, length);
        } catch (NoSuchFileException e) {
            verified.remove(sha256);
            throw missing(sha256, e);
        }
    }

    /** The stored length in bytes; throws {@link EvidenceIntegrityException} when the file is missing. */
    public long size(String sha256) throws IOException {
        try {
            return store.size(sha256);
        } catch (NoSuchFileException e) {
            throw missing(sha256, e);
        }
    }

    /** Hashes the whole stored file now, whatever was verified before. */
    public void verify(String sha256) throws IOException {
        verified.remove(sha256);
        String version;
        MessageDigest digest = Sha256.newDigest();
        try {
            // Taken before the bytes are read: a change while hashing then shows as a new version at the next read.
            version = store.version(sha256);
            try (InputStream in = store.open(sha256, 0, -1)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                }
            }
        } catch (NoSuchFileException e) {
            throw missing(sha256, e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            log.error("Evidence file {} in {} storage now hashes to {}", sha256, store.name(), actual);
            throw new EvidenceIntegrityException(sha256, "no longer matches its fingerprint", null);
        }
        remember(sha256, version);
    }

    private boolean stillVerified(String sha256, String version) {
        Verified check = verified.get(sha256);
        return check != null && check.version().equals(version) && !expired(check.at(), clock.instant());
    }

    private void remember(String sha256, String version) {
        Instant now = clock.instant();
        verified.values().removeIf(check -> expired(check.at(), now));
        verified.put(sha256, new Verified(version, now));
    }

    private boolean expired(Instant verified, Instant now) {
        return !now.isBefore(verified.plus(verifiedFor));
    }

    private EvidenceIntegrityException missing(String sha256, NoSuchFileException e) {
        log.error("Evidence file {} is missing from {} storage", sha256, store.name());
        return new EvidenceIntegrityException(sha256, "is missing from storage", e);
    }
}
