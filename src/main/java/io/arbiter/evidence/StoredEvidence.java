package io.arbiter.evidence;

import java.time.Instant;
import java.util.UUID;

import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;

/** A piece of evidence as kept: what was said about it, the file's fingerprints and metadata, or the link. */
public record StoredEvidence(UUID id, UUID disputeId, Party suppliedByParty, String suppliedBy, EvidenceKind kind,
                      String description, String requirement, Integer piece, String fileName, String mediaType,
                      Long size, String sha256, String thumbnailSha256, Long perceptualHash,
                      String perceptualHashAlgorithm, Integer width, Integer height, Instant capturedAt,
                      String software, String cameraMake, String cameraModel, String url, Instant submittedAt,
                      Instant withdrawnAt, String withdrawnReason) {

    public boolean withdrawn() {
        return withdrawnAt != null;
    }
}
