package io.arbiter.evidence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;

/**
 * A piece of evidence as a reader sees it. The parties get a neutral view; agents also get the image metadata,
 * the perceptual hash, the integrity flags, and in how many other disputes the same picture (or a copy of it)
 * appears, which is what an agent reads first when one picture is reused widely.
 */
public record EvidenceView(UUID id, UUID disputeId, EvidenceKind kind, String description, String requirement,
                           Integer piece, Party suppliedBy, String suppliedByName, Instant submittedAt, FileView file,
                           String url, Withdrawal withdrawal, ImageMetadata image, List<FlagView> flags,
                           Integer appearsInOtherDisputes) {

    /** The stored file: its detected type, size and SHA-256, and where to read it (and its thumbnail, if any). */
    public record FileView(String name, String mediaType, long size, String sha256, String hashAlgorithm,
                           String contentUrl, String thumbnailUrl) {
    }

    public record Withdrawal(Instant at, String reason) {
    }

    /** For agents: what the image says about itself, and its perceptual hash with the algorithm that made it. */
    public record ImageMetadata(Integer width, Integer height, Instant capturedAt, String software, String cameraMake,
                                String cameraModel, String perceptualHash, String perceptualHashAlgorithm) {
    }

    public record FlagView(String code, String detail, UUID relatedEvidenceId, UUID relatedDisputeId, Integer distance,
                           Instant raisedAt, String comparisonUrl) {
    }
}
