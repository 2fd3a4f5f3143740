package io.arbiter.evidence;

import java.util.HexFormat;
import java.util.List;

import org.springframework.stereotype.Component;

import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.identity.UserDirectory;

/**
 * A piece of evidence as one reader sees it: agents also read a photo's metadata and fingerprint and the flags
 * raised on it, with links to compare it with the pieces it copies; the parties read neither.
 */
@Component
class EvidenceViews {

    private final IntegrityFlags flags;
    private final UserDirectory users;

    EvidenceViews(IntegrityFlags flags, UserDirectory users) {
        this.flags = flags;
        this.users = users;
    }

    EvidenceView view(StoredEvidence piece, Party reader) {
        boolean agent = reader == Party.AGENT;
        String base = "/api/v1/disputes/" + piece.disputeId() + "/evidence/" + piece.id();
        var file = piece.sha256() == null ? null : new EvidenceView.FileView(piece.fileName(), piece.mediaType(),
                piece.size(), piece.sha256(), "SHA-256", base + "/content",
                piece.thumbnailSha256() == null ? null : base + "/thumbnail");
        var withdrawal = piece.withdrawn() ? new EvidenceView.Withdrawal(piece.withdrawnAt(), piece.withdrawnReason())
                : null;
        var image = !agent || piece.kind() != EvidenceKind.PHOTO ? null : new EvidenceView.ImageMetadata(
                piece.width(), piece.height(), piece.capturedAt(), piece.software(), piece.cameraMake(),
                piece.cameraModel(), piece.perceptualHash() == null ? null
                : HexFormat.of().toHexDigits(piece.perceptualHash()), piece.perceptualHashAlgorithm());
        List<EvidenceRecords.Flag> raised = agent ? flags.of(piece) : List.of();
        var flagViews = !agent ? null : raised.stream().map(flag -> new EvidenceView.FlagView(flag.code(),
                flag.detail(), flag.relatedEvidenceId(), flag.relatedDisputeId(), flag.distance(), flag.raisedAt(),
                IntegrityFlags.isCopy(flag) && piece.thumbnailSha256() != null
                        ? base + "/comparisons/" + flag.relatedEvidenceId() : null))
                .toList();
        return new EvidenceView(piece.id(), piece.disputeId(), piece.kind(), piece.description(), piece.requirement(),
                piece.piece(), piece.suppliedByParty(), users.displayName(piece.suppliedBy()), piece.submittedAt(),
                file, piece.url(), withdrawal, image, flagViews,
                agent ? IntegrityFlags.otherDisputes(piece, raised) : null);
    }
}
