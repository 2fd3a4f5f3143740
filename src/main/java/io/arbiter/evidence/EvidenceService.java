package io.arbiter.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.ForbiddenException;
import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.EvidenceContext;
import io.arbiter.dispute.EvidencePiece;
import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.ContentInspector;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.inspection.ImageFacts;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.Inspection;
import io.arbiter.evidence.inspection.PerceptualHash;
import io.arbiter.evidence.inspection.SideBySide;
import io.arbiter.evidence.inspection.Thumbnails;
import io.arbiter.evidence.storage.BlobReaper;
import io.arbiter.evidence.storage.BlobStore;
import io.arbiter.evidence.storage.EvidenceFiles;
import io.arbiter.evidence.storage.StagedFile;
import io.arbiter.evidence.storage.Staging;
import io.arbiter.identity.Actor;
import io.arbiter.outbound.Outbound;

/**
 * Takes evidence in and hands it out. A file is staged (hashed while it streams), checked by content, stored once
 * per content, then recorded with its flags and told to the dispute in one transaction; anything refused before
 * that leaves nothing behind. Reads verify the stored bytes against their SHA-256.
 */
@Service
public class EvidenceService implements EvidenceIntake {

    private static final Logger log = LoggerFactory.getLogger(EvidenceService.class);
    private static final int ATTEMPTS = 5;

    private final DisputeService disputes;
    private final EvidenceRecords records;
    private final IntegrityFlags flags;
    private final ContentInspector inspector;
    private final Thumbnails thumbnails;
    private final Staging staging;
    private final BlobStore blobs;
    private final BlobReaper reaper;
    private final EvidenceFiles files;
    private final Outbound outbound;
    private final EvidenceViews views;
    private final EvidenceProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EvidenceService(DisputeService disputes, EvidenceRecords records, IntegrityFlags flags, ContentInspector inspector,
                    Thumbnails thumbnails, Staging staging, BlobStore blobs, BlobReaper reaper, EvidenceFiles files,
                    Outbound outbound, EvidenceViews views,
                    EvidenceProperties properties, TransactionTemplate transaction, Clock clock) {
        this.disputes = disputes;
        this.records = records;
        this.flags = flags;
        this.inspector = inspector;
        this.thumbnails = thumbnails;
        this.staging = staging;
        this.blobs = blobs;
        this.reaper = reaper;
        this.files = files;
        this.outbound = outbound;
        this.views = views;
        this.properties = properties;
        // Nested: inside the transaction of a keyed request (see the web module's IdempotencyFilter) an attempt
        // that lost a race rolls back to its savepoint and is tried again, where joining would doom the whole request.
        this.transaction = new TransactionTemplate(transaction.getTransactionManager());
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    // ---------------------------------------------------------------- taking evidence in

    @Override
    public void checkMayUpload(UUID disputeId, Actor actor) {
        disputes.evidenceContext(actor, disputeId);
    }

    @Override
    public void checkSubmission(UUID disputeId, Actor actor, Map<String, String> metadata) {
        Submission submission = Submission.of(metadata);
        requireFileKind(submission);
        submission.checkedAgainst(disputes.evidenceContext(actor, disputeId));
    }

    @Override
    public long limitFor(EvidenceKind kind) {
        return properties.limits().bytesFor(kind);
    }

    /**
     * A piece as the request that brought it gets it: {@code repeated} when the party had already brought exactly
     * these bytes to the dispute, and {@code piece} is then that earlier piece.
     */
    public record Added(EvidenceView piece, boolean repeated) {
    }

    /** A piece as recorded; a repeated file is the earlier piece with the same bytes from the same party. */
    private record Recorded(StoredEvidence piece, boolean repeated) {
    }

    /** A file sent in one request: streamed to staging (refused as soon as it passes its kind's limit). */
    public Added upload(Actor actor, UUID disputeId, Submission submission, InputStream content) {
        EvidenceContext dispute = disputes.evidenceContext(actor, disputeId);
        submission.checkedAgainst(dispute);
        requireFileKind(submission);
        StagedFile staged;
        try {
            staged = staging.stage(content, limitFor(submission.kind()), "file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Recorded recorded = ingest(actor, dispute, submission, staged);
            return new Added(views.view(recorded.piece(), dispute.party()), recorded.repeated());
        } finally {
            staged.delete();
        }
    }

    /** A completed resumable upload; the file stays the caller's to delete. */
    @Override
    public UUID accept(UUID disputeId, Actor actor, Map<String, String> metadata, Path file) {
        Submission submission = Submission.of(metadata);
        EvidenceContext dispute = disputes.evidenceContext(actor, disputeId);
        submission.checkedAgainst(dispute);
        requireFileKind(submission);
        try {
            long size = Files.size(file);
            if (size > limitFor(submission.kind())) {
                throw new PayloadTooLargeException("file", "a " + submission.kind().code() + " may be at most "
                        + limitFor(submission.kind()) + " bytes; this one has " + size);
            }
            return ingest(actor, dispute, submission, staging.adopt(file)).piece().id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file hosted elsewhere: https only, and never an address inside our own network. */
    public EvidenceView addLink(Actor actor, UUID disputeId, Submission submission, String url) {
        EvidenceContext dispute = disputes.evidenceContext(actor, disputeId);
        if (submission.kind() != EvidenceKind.LINK) {
            throw new RuleViolationException("kind", "a link is evidence of kind link");
        }
        submission.checkedAgainst(dispute);
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw new RuleViolationException("url", "give the https address of the file (at most 2048 characters)");
        }
        outbound.checkUrl(url.strip());
        Instant now = now();
        StoredEvidence piece = new StoredEvidence(UUID.randomUUID(), disputeId, dispute.party(), actor.id(),
                EvidenceKind.LINK, submission.description(), submission.requirement(), submission.piece(), null, null,
                null, null, null, null, null, null, null, null, null, null, null, url.strip(), now, null, null);
        record(actor, dispute, piece, null, now);
        return views.view(piece, dispute.party());
    }

    private Recorded ingest(Actor actor, EvidenceContext dispute, Submission submission, StagedFile staged) {
        if (staged.size() == 0) {
            throw new RuleViolationException("file", "the file is empty");
        }
        try {
            // A client that lost the answer sends the file again: it must not become a second piece.
            Optional<StoredEvidence> earlier = records.suppliedAlready(dispute.disputeId(), dispute.party(),
                    staged.sha256());
            if (earlier.isPresent()) {
                reaper.keep(staged);
                return new Recorded(earlier.get(), true);
            }
            Inspection inspection = inspector.inspect(staged.path(), submission.kind());
            StagedFile thumbnail = submission.kind() == EvidenceKind.PHOTO
                    ? stageThumbnail(staged.path(), inspection.image()) : null;
            try {
                return storeAndRecord(actor, dispute, submission, staged, thumbnail, inspection);
            } finally {
                if (thumbnail != null) {
                    thumbnail.delete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores the file (and its thumbnail) and records the piece. A request that stored a new blob and then recorded
     * nothing (its insert failed, or a twin request recorded the same bytes first) takes the blob back: a failing
     * request must not leave files behind, or repeating it would fill the disk.
     */
    private Recorded storeAndRecord(Actor actor, EvidenceContext dispute, Submission submission, StagedFile staged,
                                    StagedFile thumbnail, Inspection inspection) throws IOException {
        List<StagedFile> written = new ArrayList<>();
        Recorded recorded = null;
        try {
            if (thumbnail != null && blobs.put(thumbnail.sha256(), thumbnail.path(), thumbnail.size())) {
                written.add(thumbnail);
            }
            if (blobs.put(staged.sha256(), staged.path(), staged.size())) {
                written.add(staged);
            }
            ImageFacts image = inspection.image();
            Instant now = now();
            StoredEvidence piece = new StoredEvidence(UUID.randomUUID(), dispute.disputeId(), dispute.party(),
                    actor.id(), submission.kind(), submission.description(), submission.requirement(),
                    submission.piece(), submission.fileName(), inspection.mediaType(), staged.size(), staged.sha256(),
                    thumbnail == null ? null : thumbnail.sha256(), image == null ? null : image.perceptualHash(),
                    image == null || image.perceptualHash() == null ? null
                            : image.perceptualHashAlgorithm() + "/v" + PerceptualHash.VERSION,
                    image == null ? null : image.width(), image == null ? null : image.height(),
                    image == null || image.capturedAt() == null ? null : image.capturedAt().truncatedTo(ChronoUnit.MICROS),
                    image == null ? null : image.software(), image == null ? null : image.cameraMake(),
                    image == null ? null : image.cameraModel(), null, now, null, null);
            recorded = record(actor, dispute, piece, inspection, now);
        } finally {
            if (recorded == null || recorded.repeated()) {
                written.forEach(reaper::takeBack);
            }
        }
        reaper.keep(staged);
        if (thumbnail != null && !recorded.repeated()) {
            reaper.keep(thumbnail);
        }
        return recorded;
    }

    /**
     * Rows, flags and the dispute's history in one transaction, tried again when another upload raced it; the same
     * file from the same party racing itself is recorded once (the dispute's version lets one of them through first).
     */
    private Recorded record(Actor actor, EvidenceContext dispute, StoredEvidence piece, Inspection inspection,
                            Instant now) {
        return retryingRace(() -> transaction.execute(status -> {
            Optional<StoredEvidence> earlier = piece.sha256() == null ? Optional.empty()
                    : records.suppliedAlready(dispute.disputeId(), dispute.party(), piece.sha256());
            if (earlier.isPresent()) {
                return new Recorded(earlier.get(), true);
            }
            records.insert(piece);
            if (inspection != null) {
                flags.raise(piece, inspection, dispute, now);
            }
            disputes.recordEvidence(actor, dispute.disputeId(), new EvidencePiece(piece.id(), piece.kind().code(),
                    piece.description(), piece.requirement(), piece.piece(), piece.sha256()));
            return new Recorded(piece, false);
        }));
    }

    /**
     * A JPEG thumbnail of the photo, staged; null when none can be made (the photo is still taken). A HEIC's was made
     * by its decoder, the only one that reads it.
     */
    private StagedFile stageThumbnail(Path image, ImageFacts facts) throws IOException {
        if (facts != null && facts.decodedPreview() != null) {
            return staging.stage(new ByteArrayInputStream(facts.decodedPreview()), Long.MAX_VALUE, "thumbnail");
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            thumbnails.writeJpeg(image, properties.thumbnailSize(), jpeg);
        } catch (RuntimeException | IOException e) {
            log.debug("no thumbnail for {}: {}", image, e.toString());
            return null;
        }
        return staging.stage(new ByteArrayInputStream(jpeg.toByteArray()), Long.MAX_VALUE, "thumbnail");
    }

    public EvidenceView withdraw(Actor actor, UUID disputeId, UUID evidenceId, String reason) {
        EvidenceContext dispute = disputes.evidenceReader(actor, disputeId);
        StoredEvidence piece = records.find(disputeId, evidenceId)
                .orElseThrow(() -> new NotFoundException("evidence", evidenceId));
        if (!piece.suppliedBy().equals(actor.id()) || piece.suppliedByParty() != dispute.party()) {
            throw new ForbiddenException("only the party who supplied a piece of evidence withdraws it");
        }
        Instant now = now();
        retryingRace(() -> transaction.execute(status -> {
            if (!records.markWithdrawn(evidenceId, blankToNull(reason), now)) {
                throw new StateConflictException("this piece of evidence was already withdrawn");
            }
            disputes.recordEvidenceWithdrawn(actor, disputeId, evidenceId, reason);
            return null;
        }));
        return views.view(records.find(disputeId, evidenceId).orElseThrow(), dispute.party());
    }

    // ---------------------------------------------------------------- reading

    public List<EvidenceView> list(Actor actor, UUID disputeId) {
        Party reader = disputes.evidenceReader(actor, disputeId).party();
        return records.ofDispute(disputeId).stream().map(piece -> views.view(piece, reader)).toList();
    }

    public EvidenceView get(Actor actor, UUID disputeId, UUID evidenceId) {
        Party reader = disputes.evidenceReader(actor, disputeId).party();
        return views.view(find(disputeId, evidenceId), reader);
    }

    /** The stored file of a piece, for the two parties and agents only. */
    public StoredEvidence file(Actor actor, UUID disputeId, UUID evidenceId) {
        disputes.evidenceReader(actor, disputeId);
        StoredEvidence piece = find(disputeId, evidenceId);
        if (piece.sha256() == null) {
            throw NotFoundException.because("a link has no file here; it points to " + piece.url());
        }
        return piece;
    }

    /**
     * For agents: the piece and the other piece that a duplicate flag on it names, side by side as a PNG with the
     * region where they matched outlined in each (the whole picture for the same file). Not found for the parties,
     * who may not see another dispute's picture, for a piece without such a flag, and when either has no preview.
     */
    public byte[] comparison(Actor actor, UUID disputeId, UUID evidenceId, UUID relatedId) throws IOException {
        if (disputes.evidenceReader(actor, disputeId).party() != Party.AGENT) {
            throw new NotFoundException("comparison", relatedId);
        }
        StoredEvidence piece = find(disputeId, evidenceId);
        EvidenceRecords.Flag flag = flags.of(piece).stream()
                .filter(raised -> relatedId.equals(raised.relatedEvidenceId()) && IntegrityFlags.isCopy(raised))
                .findFirst().orElseThrow(() -> new NotFoundException("comparison", relatedId));
        StoredEvidence other = records.find(flag.relatedDisputeId(), relatedId)
                .orElseThrow(() -> new NotFoundException("comparison", relatedId));
        if (piece.thumbnailSha256() == null || other.thumbnailSha256() == null) {
            throw NotFoundException.because("only two photos with previews are shown side by side");
        }
        boolean same = flag.code().equals(IntegrityFlags.EXACT_DUPLICATE);
        return SideBySide.png(preview(piece), same ? ImageFingerprint.Box.ALL : flag.ownRegion(), preview(other),
                same ? ImageFingerprint.Box.ALL : flag.relatedRegion());
    }

    private BufferedImage preview(StoredEvidence piece) throws IOException {
        try (InputStream in = files.openVerified(piece.thumbnailSha256(), 0, -1)) {
            return ImageIO.read(in);
        }
    }

    /** Bytes of a stored file, after checking they still match the SHA-256 taken when they arrived. */
    public InputStream open(String sha256, long offset, long length) throws IOException {
        return files.openVerified(sha256, offset, length);
    }

    /** The case file's view: every piece with its file, for readers who may see evidence. */
    List<StoredEvidence> forCaseFile(UUID disputeId) {
        return records.ofDispute(disputeId);
    }

    private StoredEvidence find(UUID disputeId, UUID evidenceId) {
        return records.find(disputeId, evidenceId).orElseThrow(() -> new NotFoundException("evidence", evidenceId));
    }

    // ---------------------------------------------------------------- helpers

    private static void requireFileKind(Submission submission) {
        if (submission.kind() == EvidenceKind.LINK) {
            throw new RuleViolationException("kind", "a link is added with its url, not uploaded as a file");
        }
    }

    private static <T> T retryingRace(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ConcurrencyFailureException | DbActionExecutionException e) {
                boolean race = e instanceof ConcurrencyFailureException
                        || e.getCause() instanceof ConcurrencyFailureException;
                if (!race || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
