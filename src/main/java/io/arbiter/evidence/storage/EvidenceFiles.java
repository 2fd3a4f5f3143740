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
 * check is trusted for {@code verifiedFor}; the first read, and every read after that period, hashes again.
 */
public final class EvidenceFiles {

    private static final int BUFFER_SIZE = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EvidenceFiles.class);

    private final BlobStore store;
    private final Clock clock;
    private final Duration verifiedFor;
    private final Map<String, Instant> verifiedAt = new ConcurrentHashMap<>();

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
        if (!recentlyVerified(sha256)) {
            verify(sha256);
        }
        try {
            return store.open(sha256, offset, length);
        } catch (NoSuchFileException e) {
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
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = store.open(sha256, 0, -1)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            verifiedAt.remove(sha256);
            throw missing(sha256, e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            verifiedAt.remove(sha256);
            log.error("Evidence file {} in {} storage now hashes to {}", sha256, store.name(), actual);
            throw new EvidenceIntegrityException(sha256, "no longer matches its fingerprint", null);
        }
        remember(sha256);
    }

    private boolean recentlyVerified(String sha256) {
        Instant at = verifiedAt.get(sha256);
        return at != null && !expired(at, clock.instant());
    }

    private void remember(String sha256) {
        Instant now = clock.instant();
        verifiedAt.values().removeIf(at -> expired(at, now));
        verifiedAt.put(sha256, now);
    }

    private boolean expired(Instant verified, Instant now) {
        return !now.isBefore(verified.plus(verifiedFor));
    }

    private EvidenceIntegrityException missing(String sha256, NoSuchFileException e) {
        log.error("Evidence file {} is missing from {} storage", sha256, store.name());
        return new EvidenceIntegrityException(sha256, "is missing from storage", e);
    }
}
