package io.arbiter.evidence.upload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.arbiter.common.InvalidInputException;
import io.arbiter.evidence.EvidenceIntake;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.Submission;

/**
 * What a tus client says about the file it is about to upload, from the {@code Upload-Metadata} header: comma
 * separated pairs of a key and its base64 value. {@code kind} and {@code description} are required;
 * {@code requirement} (a code from the dispute reason's evidence list), {@code piece} (which of the pieces bought
 * it shows, from 1) and {@code filename} are optional. Other keys are ignored, as tus clients add their own.
 */
record UploadMetadata(EvidenceKind kind, String description, String requirement, Integer piece, String filename) {

    static final String HEADER = "Upload-Metadata";
    static final int MAX_REQUIREMENT = 100;
    static final int MAX_FILENAME = 255;
    static final Set<EvidenceKind> FILE_KINDS =
            Set.of(EvidenceKind.PHOTO, EvidenceKind.VIDEO, EvidenceKind.DOCUMENT, EvidenceKind.ARCHIVE);

    static UploadMetadata parse(String header) {
        Map<String, String> values = decode(header);
        optional(values, "requirement", MAX_REQUIREMENT);
        optional(values, "filename", MAX_FILENAME);
        Submission submission = Submission.of(values);
        if (!FILE_KINDS.contains(submission.kind())) {
            throw new InvalidInputException("kind", "a link is not uploaded: use photo, video, document or archive");
        }
        return new UploadMetadata(submission.kind(), submission.description(), submission.requirement(),
                submission.piece(), values.get("filename") == null || values.get("filename").isBlank() ? null
                : values.get("filename").trim());
    }

    /** The pieces as {@link EvidenceIntake#accept} takes them: only those the client gave. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("kind", kind.code());
        map.put("description", description);
        if (requirement != null) {
            map.put("requirement", requirement);
        }
        if (piece != null) {
            map.put("piece", piece.toString());
        }
        if (filename != null) {
            map.put("filename", filename);
        }
        return map;
    }

    private static Map<String, String> decode(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.trim().split(" ", -1);
            String key = parts[0];
            if (key.isEmpty() || parts.length > 2) {
                throw new InvalidInputException(HEADER,
                        "must be comma-separated pairs of a key and a base64 value, such as 'kind cGhvdG8='");
            }
            if (values.containsKey(key)) {
                throw new InvalidInputException(HEADER, "names '" + key + "' twice");
            }
            values.put(key, parts.length == 2 ? base64(key, parts[1]) : "");
        }
        return values;
    }

    private static String base64(String key, String encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidInputException(key, "is not base64-encoded UTF-8 text");
        }
    }




    private static void optional(Map<String, String> values, String key, int maxLength) {
        String value = values.get(key);
        if (value != null && value.length() > maxLength) {
            throw new InvalidInputException(key, "must have at most " + maxLength + " characters");
        }
    }
}
