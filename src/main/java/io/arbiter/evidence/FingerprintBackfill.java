package io.arbiter.evidence;

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
import io.arbiter.evidence.storage.EvidenceFiles;

/**
 * Fingerprints the photos and MP4 or MOV videos (their keyframes) that were stored before fingerprints were kept (or
 * that a crash left without one), so that they are compared with every picture as uploads are: each is read from storage and inspected as at upload,
 * then compared and recorded under the same lock, flagging both sides of every near copy. Runs once after start-up,
 * in the background, oldest first; on several instances at once each piece is still fingerprinted once, since the
 * lock is taken before looking whether it has a fingerprint already.
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
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final boolean enabled;

    FingerprintBackfill(JdbcClient jdbc, EvidenceRecords records, ImageFingerprints fingerprints, IntegrityFlags flags,
                        ContentInspector inspector, EvidenceFiles files, PlatformTransactionManager transactions,
                        Clock clock,
                        @Value("${arbiter.evidence.fingerprint-backfill-enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.records = records;
        this.fingerprints = fingerprints;
        this.flags = flags;
        this.inspector = inspector;
        this.files = files;
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
        return record(piece, inspection, image == null ? null : image.unfingerprinted());
    }

    /** Records the piece's fingerprint (or why it has none) under the comparison lock, unless another did first. */
    private boolean record(StoredEvidence piece, Inspection inspection, Unfingerprinted missing) {
        Boolean recorded = transaction.execute(status -> {
            fingerprints.lockForComparison();
            if (missing == null || missing.awaitedDecoder() == null) {
                fingerprints.forgetAwaitingDecoder(piece.id());
            }
            if (fingerprints.has(piece.id())) {
                return false;
            }
            fingerprints.forgetWithoutRegions(piece.id());
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
