package io.arbiter.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.evidence.inspection.ContentInspector;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.inspection.ImageFacts;
import io.arbiter.evidence.inspection.Inspection;
import io.arbiter.evidence.inspection.HeifDecoder;
import io.arbiter.evidence.inspection.Unfingerprinted;
import io.arbiter.evidence.inspection.VideoFrames;
import io.arbiter.evidence.storage.BlobReaper;
import io.arbiter.evidence.storage.BlobStore;
import io.arbiter.evidence.storage.EvidenceFiles;
import io.arbiter.evidence.storage.StagedFile;
import io.arbiter.evidence.storage.Staging;

/**
 * Fingerprints the photos and MP4 or MOV videos (their keyframes) that were stored before fingerprints were kept (or
 * that a crash left without one), so that they are compared with every picture as uploads are: each is read from storage and inspected as at upload,
 * then compared and recorded under the same lock, flagging both sides of every near copy. Runs once after start-up,
 * in the background, oldest first; on several instances at once each piece is still fingerprinted once, since the
 * lock is taken before looking whether it has a fingerprint already. A HEIC photo stored while no HEIF decoder was
 * installed also gets its thumbnail here, drawn by the decoder, which nothing else can do.
 */
@Component
class FingerprintBackfill {

    private static final Logger log = LoggerFactory.getLogger(FingerprintBackfill.class);
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final EvidenceRecords records;
    private final ImageFingerprints fingerprints;
    private final IntegrityFlags flags;
    private final ContentInspector inspector;
    private final EvidenceFiles files;
    private final Staging staging;
    private final BlobStore blobs;
    private final BlobReaper reaper;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final boolean enabled;

    FingerprintBackfill(JdbcClient jdbc, EvidenceRecords records, ImageFingerprints fingerprints, IntegrityFlags flags,
                        ContentInspector inspector, EvidenceFiles files, Staging staging, BlobStore blobs,
                        BlobReaper reaper, PlatformTransactionManager transactions, Clock clock,
                        @Value("${arbiter.evidence.fingerprint-backfill-enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.records = records;
        this.fingerprints = fingerprints;
        this.flags = flags;
        this.inspector = inspector;
        this.files = files;
        this.staging = staging;
        this.blobs = blobs;
        this.reaper = reaper;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInTheBackground() {
        if (enabled) {
            Thread worker = new Thread(() -> {
                try {
                    int done = fingerprintAll();
                    if (done > 0) {
                        log.info("Fingerprinted {} stored photos and videos that had no fingerprint", done);
                    }
                } catch (RuntimeException e) {
                    log.warn("Fingerprinting stored photos stopped; it starts again with the next start-up", e);
                }
            }, "fingerprint-backfill");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /**
     * Fingerprints every stored photo that has none yet, or one without regions (so that crops of it are found);
     * returns how many it fingerprinted.
     */
    int fingerprintAll() {
        int done = 0;
        long after = 0;
        while (true) {
            List<Candidate> batch = candidates(after);
            if (batch.isEmpty()) {
                return done;
            }
            for (Candidate candidate : batch) {
                after = candidate.seq();
                if (fingerprint(candidate.piece())) {
                    done++;
                }
            }
        }
    }

    private record Candidate(long seq, StoredEvidence piece) {
    }

    private boolean comparable(StoredEvidence piece) {
        return piece.kind() == EvidenceKind.PHOTO ? inspector.canFingerprint(piece.mediaType())
                : VideoFrames.canRead(piece.mediaType());
    }

    /** A HEIC photo while no HEIF decoder is installed: remembered as waiting for it, without reading it. */
    private boolean awaitsHeifDecoder(StoredEvidence piece) {
        return piece.kind() == EvidenceKind.PHOTO && ContentInspector.isHeif(piece.mediaType())
                && !inspector.decodesHeif();
    }

    /**
     * Photos and videos without a fingerprint, or with one recorded before regions were kept, that were not found
     * too plain to compare (nor found unreadable, unless only for want of a decoder that is now installed), after a
     * position.
     */
    private List<Candidate> candidates(long after) {
        // Only the HEIF decoder is ever awaited; while it is missing, what waits for it stays out of the batches.
        String awaitedNowPresent = inspector.decodesHeif() ? " and u.awaits_decoder is null" : "";
        return jdbc.sql("""
                        select * from evidence e
                        where e.seq > :after and e.kind in ('PHOTO', 'VIDEO') and e.sha256 is not null
                          and not exists (select 1 from evidence_fingerprint_region f
                                           where f.evidence_id = e.id and f.region = 0)
                          and not exists (select 1 from evidence_flag g
                                           where g.evidence_id = e.id and g.code = :plain)
                          and not exists (select 1 from evidence_fingerprint_unreadable u where u.evidence_id = e.id%s)
                        order by e.seq
                        fetch first %d rows only""".formatted(awaitedNowPresent, BATCH))
                .param("after", after).param("plain", IntegrityFlags.TOO_PLAIN_TO_COMPARE)
                .query((rs, row) -> new Candidate(rs.getLong("seq"), EvidenceRecords.row(rs, row)))
                .list();
    }

    private boolean fingerprint(StoredEvidence piece) {
        if (awaitsHeifDecoder(piece)) {
            return record(piece, null, Unfingerprinted.awaiting(HeifDecoder.NAME, HeifDecoder.absent()));
        }
        if (!comparable(piece)) {
            return false;
        }
        Inspection inspection;
        Path copy = null;
        try {
            copy = Files.createTempFile("arbiter-fingerprint-", ".bin");
            try (InputStream in = files.openVerified(piece.sha256(), 0, files.size(piece.sha256()))) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            inspection = inspector.inspect(copy, piece.kind());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not fingerprint stored {} {} of dispute {}", piece.kind().code(), piece.id(),
                    piece.disputeId(), e);
            return false;
        } finally {
            deleteQuietly(copy);
        }
        ImageFacts image = inspection.image();
        if ((image == null || (image.fingerprint() == null && image.unfingerprinted() == null))
                && inspection.video() == null) {
            return false;
        }
        StoredThumbnail thumbnail = storeMissingThumbnail(piece, image);
        boolean named = false;
        try {
            boolean recorded = record(piece, inspection, image == null ? null : image.unfingerprinted(),
                    thumbnail == null ? null : thumbnail.file().sha256());
            named = recorded && thumbnail != null;
            return recorded;
        } finally {
            if (thumbnail != null) {
                thumbnail.release(named);
            }
        }
    }

    /** A thumbnail put in the store for a piece; {@code written} when its bytes were not there before. */
    private record StoredThumbnail(StagedFile file, boolean written, BlobReaper reaper) {

        /**
         * Once the piece names it, makes sure it is still stored (a failed upload of the same bytes may have taken it
         * back meanwhile); otherwise takes back what this put there.
         */
        void release(boolean named) {
            try {
                if (named) {
                    reaper.keep(file);
                } else if (written) {
                    reaper.takeBack(file);
                }
            } catch (IOException e) {
                log.warn("Could not check that thumbnail {} is stored; the piece shows none until it is",
                        file.sha256(), e);
            } finally {
                file.delete();
            }
        }
    }

    /**
     * A HEIC stored before its decoder was installed got no thumbnail at upload, since only the decoder can draw one;
     * its decoder made one now ({@link ImageFacts#decodedPreview}). Stored here, and named by the piece only if the
     * fingerprint is recorded; null when the piece has a thumbnail already or none was made.
     */
    private StoredThumbnail storeMissingThumbnail(StoredEvidence piece, ImageFacts image) {
        if (piece.thumbnailSha256() != null || image == null || image.decodedPreview() == null) {
            return null;
        }
        StagedFile staged = null;
        try {
            staged = staging.stage(new ByteArrayInputStream(image.decodedPreview()), Long.MAX_VALUE, "thumbnail");
            return new StoredThumbnail(staged, blobs.put(staged.sha256(), staged.path(), staged.size()), reaper);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not store the thumbnail of {} {}; it is fingerprinted without one", piece.kind().code(),
                    piece.id(), e);
            if (staged != null) {
                staged.delete();
            }
            return null;
        }
    }

    private boolean record(StoredEvidence piece, Inspection inspection, Unfingerprinted missing) {
        return record(piece, inspection, missing, null);
    }

    /**
     * Records the piece's fingerprint (or why it has none) under the comparison lock, unless another did first, and
     * names {@code thumbnailSha256} (when not null) as its thumbnail with it.
     */
    private boolean record(StoredEvidence piece, Inspection inspection, Unfingerprinted missing,
                           String thumbnailSha256) {
        Boolean recorded = transaction.execute(status -> {
            fingerprints.lockForComparison();
            if (missing == null || missing.awaitedDecoder() == null) {
                fingerprints.forgetAwaitingDecoder(piece.id());
            }
            if (fingerprints.has(piece.id())) {
                return false;
            }
            fingerprints.forgetWithoutRegions(piece.id());
            if (thumbnailSha256 != null) {
                records.nameThumbnail(piece.id(), thumbnailSha256);
            }
            if (missing != null) {
                flags.notFingerprinted(piece, missing);
            } else if (inspection.video() != null) {
                flags.compareWithStoredPictures(piece, inspection.video(), clock.instant());
            } else {
                flags.compareWithStoredPictures(piece, inspection.image().fingerprint(), clock.instant());
            }
            return true;
        });
        return Boolean.TRUE.equals(recorded);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}", file, e);
            }
        }
    }
}
