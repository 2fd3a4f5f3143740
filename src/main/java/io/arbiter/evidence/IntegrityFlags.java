package io.arbiter.evidence;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.EvidenceContext;
import io.arbiter.dispute.Party;
import io.arbiter.evidence.EvidenceRecords.Flag;
import io.arbiter.evidence.inspection.Inspection;
import io.arbiter.evidence.inspection.IntegritySignal;
import io.arbiter.evidence.inspection.ImageFacts;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.NearCopies;
import io.arbiter.evidence.inspection.Unfingerprinted;
import io.arbiter.evidence.inspection.VideoFrames;
import io.arbiter.identity.UserDirectory;

/**
 * Raises what agents should know about a new piece: the same bytes or a near-identical image seen in another
 * dispute or from another person (flagged on both pieces, so the earlier case learns of it too), a picture too plain
 * to compare, signs of editing in its metadata, and a capture time that cannot be right.
 *
 * <p>Copies are looked for under a lock held until the upload's transaction ends, so that two copies uploaded at
 * the same moment into different disputes are compared one after the other and the second finds the first.
 */
@Component
class IntegrityFlags {

    static final String EXACT_DUPLICATE = "EXACT_DUPLICATE";
    static final String NEAR_DUPLICATE = "NEAR_DUPLICATE";
    static final String CAPTURED_AFTER_UPLOAD = "CAPTURED_AFTER_UPLOAD";
    static final String CAPTURED_BEFORE_ORDER = "CAPTURED_BEFORE_ORDER";
    static final String TOO_PLAIN_TO_COMPARE = "TOO_PLAIN_TO_COMPARE";
    /** A capture time without its zone may be off by the widest zone offset in use (UTC+14, UTC-12) either way. */
    static final Duration WIDEST_ZONE_OFFSET = Duration.ofHours(14);

    private final EvidenceRecords records;
    private final ImageFingerprints fingerprints;
    private final UserDirectory users;
    private final EvidenceProperties properties;

    IntegrityFlags(EvidenceRecords records, ImageFingerprints fingerprints, UserDirectory users,
                   EvidenceProperties properties) {
        this.records = records;
        this.fingerprints = fingerprints;
        this.users = users;
        this.properties = properties;
    }

    /** Within the transaction that inserted the piece; the piece's own fingerprint is recorded here too. */
    void raise(StoredEvidence piece, Inspection inspection, EvidenceContext dispute, Instant now) {
        fingerprints.lockForComparison();
        for (StoredEvidence same : records.withSha256(piece.sha256(), piece.id())) {
            if (elsewhere(piece, same.disputeId(), same.suppliedBy())) {
                records.flag(piece.id(), new Flag(EXACT_DUPLICATE, "The same file was submitted " + where(same, piece)
                        + " on " + day(same.submittedAt()), same.id(), same.disputeId(), 0, now));
                records.flag(same.id(), new Flag(EXACT_DUPLICATE, "The same file was submitted again " + where(piece, same)
                        + " on " + day(now), piece.id(), piece.disputeId(), 0, now));
            }
        }
        ImageFacts image = inspection.image();
        if (image != null && image.fingerprint() != null) {
            compareWithStoredPictures(piece, image.fingerprint(), now);
        } else if (image != null && image.unfingerprinted() != null) {
            notFingerprinted(piece, image.unfingerprinted());
        }
        if (inspection.video() != null) {
            compareWithStoredPictures(piece, inspection.video(), now);
        }
        for (IntegritySignal signal : inspection.signals()) {
            records.flag(piece.id(), new Flag(signal.code(), signal.detail(), null, null, null, now));
        }
        captureTime(piece, image, dispute, now);
    }

    /**
     * Flags the piece and every stored picture it is a near copy of, and records its fingerprint (a picture too plain
     * to compare is flagged so instead). The caller holds {@link ImageFingerprints#lockForComparison}.
     */
    void compareWithStoredPictures(StoredEvidence piece, ImageFingerprint fingerprint, Instant now) {
        if (fingerprint.plain()) {
            records.flag(piece.id(), new Flag(TOO_PLAIN_TO_COMPARE, "The picture is too plain to compare (a blank"
                    + " surface or sky): it was not checked for copies", null, null, null, now));
            return;
        }
        flagNearCopies(piece, List.of(fingerprint), now);
        fingerprints.insert(piece.id(), fingerprint);
    }

    /** Remembers why a photo that could have a fingerprint has none, so that it is not read again in vain. */
    void notFingerprinted(StoredEvidence piece, Unfingerprinted why) {
        fingerprints.recordUnreadable(piece.id(), why.reason(), why.awaitedDecoder());
    }

    /**
     * The same for a video, by its keyframes: a video whose frames are all plain is flagged so; one whose frames could
     * not be read is remembered as such (it was not compared, and is not read again).
     */
    void compareWithStoredPictures(StoredEvidence piece, VideoFrames video, Instant now) {
        if (video.unreadable() != null) {
            fingerprints.recordUnreadable(piece.id(), video.unreadable());
            return;
        }
        if (video.plain()) {
            records.flag(piece.id(), new Flag(TOO_PLAIN_TO_COMPARE, "The video's frames are too plain to compare"
                    + " (blank or dark): it was not checked for copies", null, null, null, now));
            return;
        }
        List<VideoFrames.Frame> frames = video.comparable();
        flagNearCopies(piece, frames.stream().map(VideoFrames.Frame::fingerprint).toList(), now);
        fingerprints.insertFrames(piece.id(), frames);
    }

    private void flagNearCopies(StoredEvidence piece, List<ImageFingerprint> pictures, Instant now) {
        for (ImageFingerprints.NearCopy other : fingerprints.nearCopies(pictures, piece.id())) {
            // The same bytes are an exact duplicate, flagged above; a re-encoded copy may hash identically. A piece
            // fingerprinted again (see FingerprintBackfill) may already be flagged with this one.
            if (!other.sha256().equals(piece.sha256()) && elsewhere(piece, other.disputeId(), other.suppliedBy())
                    && !records.flagged(piece.id(), NEAR_DUPLICATE, other.evidenceId())) {
                String detail = "An almost identical image or video frame (re-encoded, resized, cropped, turned or"
                        + " screenshotted; distance " + other.distance() + " of 64) was submitted ";
                NearCopies.Match match = other.match();
                records.flag(piece.id(), new Flag(NEAR_DUPLICATE, detail + where(other.disputeId(),
                        other.suppliedBy(), piece), other.evidenceId(), other.disputeId(), other.distance(), now,
                        match.incoming(), match.stored()));
                // A piece fingerprinted after the fact (see FingerprintBackfill) may be the older of the two.
                boolean later = other.submittedAt() == null || !piece.submittedAt().isBefore(other.submittedAt());
                records.flag(other.evidenceId(), new Flag(NEAR_DUPLICATE, detail + (later ? "later " : "earlier ")
                        + where(piece.disputeId(), piece.suppliedBy(), other.disputeId(), other.suppliedBy()),
                        piece.id(), piece.disputeId(), other.distance(), now, match.stored(), match.incoming()));
            }
        }
    }

    private void captureTime(StoredEvidence piece, ImageFacts image, EvidenceContext dispute, Instant now) {
        Instant captured = piece.capturedAt();
        if (captured == null) {
            return;
        }
        boolean zoned = image != null && image.capturedAtZoned();
        Duration slack = zoned ? Duration.ZERO : WIDEST_ZONE_OFFSET;
        String unzoned = zoned ? "" : " (the photo gives no time zone; its time was read as UTC and allowed to be "
                + WIDEST_ZONE_OFFSET.toHours() + " hours off either way)";
        if (captured.isAfter(now.plus(properties.captureClockTolerance()).plus(slack))) {
            records.flag(piece.id(), new Flag(CAPTURED_AFTER_UPLOAD, "The photo says it was taken on "
                    + captured + ", after it was uploaded (" + now + ")" + unzoned, null, null, null, now));
        }
        if (dispute.party() == Party.BUYER && captured.plus(slack).isBefore(dispute.orderPlacedAt())) {
            records.flag(piece.id(), new Flag(CAPTURED_BEFORE_ORDER, "The photo says it was taken on " + captured
                    + ", before the order was placed (" + dispute.orderPlacedAt() + ")" + unzoned, null, null, null,
                    now));
        }
    }

    List<Flag> of(StoredEvidence piece) {
        return records.flags(piece.id());
    }

    /** True for a flag that names another piece with the same picture. */
    static boolean isCopy(Flag flag) {
        return flag.relatedEvidenceId() != null
                && (flag.code().equals(EXACT_DUPLICATE) || flag.code().equals(NEAR_DUPLICATE));
    }

    /** The family of a reused picture, in one number: the other disputes its copies were found in. */
    static int otherDisputes(StoredEvidence piece, List<Flag> flags) {
        return (int) flags.stream()
                .filter(flag -> flag.code().equals(EXACT_DUPLICATE) || flag.code().equals(NEAR_DUPLICATE))
                .map(Flag::relatedDisputeId)
                .filter(dispute -> dispute != null && !dispute.equals(piece.disputeId()))
                .distinct().count();
    }

    private static boolean elsewhere(StoredEvidence piece, UUID otherDispute, String otherSupplier) {
        return !otherDispute.equals(piece.disputeId()) || !otherSupplier.equals(piece.suppliedBy());
    }

    private String where(StoredEvidence other, StoredEvidence piece) {
        return where(other.disputeId(), other.suppliedBy(), piece);
    }

    private String where(UUID otherDispute, String otherSupplier, StoredEvidence piece) {
        return where(otherDispute, otherSupplier, piece.disputeId(), piece.suppliedBy());
    }

    private String where(UUID otherDispute, String otherSupplier, UUID dispute, String supplier) {
        String inDispute = otherDispute.equals(dispute) ? "in this dispute" : "in dispute " + otherDispute;
        String by = otherSupplier.equals(supplier) ? "by the same person" : "by " + users.displayName(otherSupplier)
                + " (" + otherSupplier + ")";
        return inDispute + " " + by;
    }

    private static String day(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
