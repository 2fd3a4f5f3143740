package io.arbiter.evidence.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store free of blobs no evidence names. A request that stored a blob and then failed (its insert was
 * refused, the database went away) takes its blob back at once; what a crash leaves is found later by
 * {@link #reap()}, which deletes blobs that have lain unreferenced for longer than the grace period.
 *
 * <p>Blobs are shared by content, so a blob taken back may be one that another request with the same bytes has
 * just counted on. Both sides close that gap: whoever deletes looks for a reference again right before, and a
 * request that recorded evidence makes sure its blob is still there afterwards ({@link #keep}), storing it again
 * from its own staged copy when it is not.
 */
public final class BlobReaper {

    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(BlobReaper.class);

    private final BlobStore store;
    private final BlobReferences references;
    private final Clock realTime;
    private final Duration grace;

    /**
     * @param realTime the wall clock: blobs carry the time they were really written, which a demo clock moved
     *                 forward must not make look old
     * @param grace    how long an unreferenced blob is left alone: longer than any request takes to record it
     */
    public BlobReaper(BlobStore store, BlobReferences references, Clock realTime, Duration grace) {
        this.store = store;
        this.references = references;
        this.realTime = realTime;
        this.grace = grace;
    }

    /** Deletes every blob stored before the grace period that no evidence names; returns how many. */
    public int reap() throws IOException {
        Instant cutoff = realTime.instant().minus(grace);
        List<String> old = new ArrayList<>();
        int[] deleted = {0};
        store.forEachStored((sha256, storedAt) -> {
            if (storedAt.isBefore(cutoff)) {
                old.add(sha256);
                if (old.size() == BATCH) {
                    deleted[0] += deleteUnreferenced(old);
                    old.clear();
                }
            }
        });
        deleted[0] += deleteUnreferenced(old);
        if (deleted[0] > 0) {
            log.info("Removed {} blob(s) that no evidence names from {} storage", deleted[0], store.name());
        }
        return deleted[0];
    }

    private int deleteUnreferenced(List<String> sha256s) throws IOException {
        if (sha256s.isEmpty()) {
            return 0;
        }
        Set<String> named = references.referenced(sha256s);
        int deleted = 0;
        for (String sha256 : sha256s) {
            if (!named.contains(sha256) && !isReferenced(sha256) && store.delete(sha256)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Called by a request that stored {@code written} (it was new) and then failed: deletes the blob unless evidence
     * names it by now, and stores it again should a row naming it have been committed while it was being deleted.
     */
    public void takeBack(StagedFile written) {
        try {
            if (isReferenced(written.sha256()) || !store.delete(written.sha256())) {
                return;
            }
            if (isReferenced(written.sha256())) {
                store.put(written.sha256(), written.path(), written.size());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not take back blob {} after a failed request; the reaper removes it later",
                    written.sha256(), e);
        }
    }

    /**
     * Called once evidence naming {@code stored} is committed: a failed request with the same bytes may have taken
     * the blob back in between, and then it is stored again from this request's copy.
     */
    public void keep(StagedFile stored) throws IOException {
        if (!store.exists(stored.sha256())) {
            log.info("Blob {} was taken back by a failed request while this one recorded it; storing it again",
                    stored.sha256());
            store.put(stored.sha256(), stored.path(), stored.size());
        }
    }

    private boolean isReferenced(String sha256) {
        return !references.referenced(List.of(sha256)).isEmpty();
    }
}
