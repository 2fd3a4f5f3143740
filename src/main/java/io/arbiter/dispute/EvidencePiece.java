package io.arbiter.dispute;

import java.util.UUID;

/** What the dispute records of a piece of evidence the evidence module accepted (sha256 is null for a link). */
public record EvidencePiece(UUID id, String kind, String description, String requirement, Integer piece,
                            String sha256) {
}
