package io.arbiter.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;

/** A piece of evidence as kept: what was said about it, the file's fingerprints and metadata, or the link. */
public record StoredEvidence(UUID id, UUID disputeId, Party suppliedByParty, String suppliedBy, EvidenceKind kind,
                      String description, String requirement, Integer piece, String fileName, String mediaType,
                      Long size, String sha256, String thumbnailSha256, Long perceptualHash,
                      String perceptualHashAlgorithm, Integer width, Integer height, Instant capturedAt,
                      String software, String cameraMake, String cameraModel, String url, Instant submittedAt,
                      Instant withdrawnAt, String withdrawnReason) {

    private static final MimeTypes MEDIA_TYPES = MimeTypes.getDefaultMimeTypes();

    public boolean withdrawn() {
        return withdrawnAt != null;
    }

    /**
     * The name a download is saved under: the uploaded name (or evidence-ID) ending in an extension Tika gives the
     * detected type, so that the reader's computer opens the file as what it is, not as what its name claimed: a PDF
     * uploaded as "invoice.html" downloads as "invoice.html.pdf".
     */
    public String downloadName() {
        String name = fileName != null ? fileName : "evidence-" + id;
        List<String> extensions = extensionsOf(mediaType);
        String lowerCase = name.toLowerCase(Locale.ROOT);
        if (extensions.isEmpty() || extensions.stream().anyMatch(lowerCase::endsWith)) {
            return name;
        }
        return name + extensions.get(0);
    }

    private static List<String> extensionsOf(String mediaType) {
        if (mediaType == null) {
            return List.of();
        }
        try {
            return MEDIA_TYPES.forName(mediaType).getExtensions();
        } catch (MimeTypeException e) {
            return List.of();
        }
    }
}
