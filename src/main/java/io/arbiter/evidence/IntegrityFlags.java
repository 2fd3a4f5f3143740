package io.arbiter.evidence;

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
import io.arbiter.evidence.inspection.PerceptualHash;
import io.arbiter.identity.UserDirectory;

/**
 * Raises what agents should know about a new piece: the same bytes or a near-identical image seen in another
 * dispute or from another person (flagged on both pieces, so the earlier case learns of it too), signs of editing
 * in its metadata, and a capture time that cannot be right.
 */
@Component
class IntegrityFlags {

    static final String EXACT_DUPLICATE = "EXACT_DUPLICATE";
    static final String NEAR_DUPLICATE = "NEAR_DUPLICATE";
    static final String CAPTURED_AFTER_UPLOAD = "CAPTURED_AFTER_UPLOAD";
    static final String CAPTURED_BEFORE_ORDER = "CAPTURED_BEFORE_ORDER";

    private final EvidenceRecords records;
    private final UserDirectory users;
    private final EvidenceProperties properties;

    IntegrityFlags(EvidenceRecords records, UserDirectory users, EvidenceProperties properties) {
        this.records = records;
        this.users = users;
        this.properties = properties;
    }

    void raise(StoredEvidence piece, Inspection inspection, EvidenceContext dispute, Instant now) {
        for (StoredEvidence same : records.withSha256(piece.sha256(), piece.id())) {
            if (elsewhere(piece, same.disputeId(), same.suppliedBy())) {
                records.flag(piece.id(), new Flag(EXACT_DUPLICATE, "The same file was submitted " + where(same, piece)
                        + " on " + day(same.submittedAt()), same.id(), same.disputeId(), 0, now));
                records.flag(same.id(), new Flag(EXACT_DUPLICATE, "The same file was submitted again " + where(piece, same)
                        + " on " + day(now), piece.id(), piece.disputeId(), 0, now));
            }
        }
        if (piece.perceptualHash() != null) {
            for (EvidenceRecords.ImageHash other : records.imageHashes(piece.perceptualHashAlgorithm(), piece.id())) {
                int distance = PerceptualHash.distance(piece.perceptualHash(), other.hash());
                // The same bytes are an exact duplicate, flagged above; a re-encoded copy may hash identically.
                if (!other.sha256().equals(piece.sha256()) && distance <= properties.nearDuplicateDistance()
                        && elsewhere(piece, other.disputeId(), other.suppliedBy())) {
                    String detail = "An almost identical image (re-encoded, resized or cropped; distance " + distance
                            + " of 64) was submitted ";
                    records.flag(piece.id(), new Flag(NEAR_DUPLICATE, detail + where(other.disputeId(),
                            other.suppliedBy(), piece), other.evidenceId(), other.disputeId(), distance, now));
                    records.flag(other.evidenceId(), new Flag(NEAR_DUPLICATE, detail + "later "
                            + where(piece.disputeId(), piece.suppliedBy(), other.disputeId(), other.suppliedBy()),
                            piece.id(), piece.disputeId(), distance, now));
                }
            }
        }
        for (IntegritySignal signal : inspection.signals()) {
            records.flag(piece.id(), new Flag(signal.code(), signal.detail(), null, null, null, now));
        }
        Instant captured = piece.capturedAt();
        if (captured != null && captured.isAfter(now.plus(properties.captureClockTolerance()))) {
            records.flag(piece.id(), new Flag(CAPTURED_AFTER_UPLOAD, "The photo says it was taken on "
                    + captured + ", after it was uploaded (" + now + ")", null, null, null, now));
        }
        if (captured != null && dispute.party() == Party.BUYER && captured.isBefore(dispute.orderPlacedAt())) {
            records.flag(piece.id(), new Flag(CAPTURED_BEFORE_ORDER, "The photo says it was taken on " + captured
                    + ", before the order was placed (" + dispute.orderPlacedAt() + ")", null, null, null, now));
        }
    }

    List<Flag> of(StoredEvidence piece) {
        return records.flags(piece.id());
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
