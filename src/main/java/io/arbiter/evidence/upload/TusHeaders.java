package io.arbiter.evidence.upload;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.UnsupportedContentException;
import jakarta.servlet.http.HttpServletRequest;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.checksum.ChecksumAlgorithm;

/**
 * What the headers of a tus request must say (version, method, length, offset, checksum, body type), checked before
 * tus-java-server sees the request: each refusal is a problem document naming the header.
 */
final class TusHeaders {

    static final String TUS_VERSION = TusFileUploadService.TUS_API_VERSION;
    private static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private TusHeaders() {
    }

    static TusProblem notAllowed(HttpServletRequest request, String allowed) {
        String override = request.getHeader("X-HTTP-Method-Override");
        String method = override == null ? request.getMethod() : override;
        return new TusProblem(405, "Method Not Allowed", override == null ? null : "X-HTTP-Method-Override",
                method + " is not a tus request here; allowed: " + allowed, Map.of("Allow", allowed));
    }

    static void requireTusResumable(HttpServletRequest request) {
        String version = request.getHeader("Tus-Resumable");
        if (version == null || !TUS_VERSION.equals(version.trim())) {
            throw new TusProblem(412, "Precondition Failed", "Tus-Resumable",
                    "Arbiter speaks tus " + TUS_VERSION + ": send Tus-Resumable: " + TUS_VERSION,
                    Map.of("Tus-Version", TUS_VERSION));
        }
    }

    static void requireSupportedChecksum(String checksum) {
        if (checksum == null) {
            return;
        }
        String[] parts = checksum.trim().split(" ");
        if (parts.length != 2 || ChecksumAlgorithm.forTusName(parts[0]) == null || !isBase64(parts[1])) {
            throw new InvalidInputException("Upload-Checksum", "must be an algorithm (sha1, sha256, sha384, sha512"
                    + " or md5), a space and the base64 digest of the body");
        }
    }

    private static boolean isBase64(String value) {
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static long uploadLength(String header) {
        long length = wholeNumber("Upload-Length", header, "is required: the size of the file in bytes");
        if (length < 1) {
            throw new InvalidInputException("Upload-Length", "must be at least 1 byte");
        }
        return length;
    }

    /** The body of a PATCH is the file's next bytes, as tus has it, and nothing else. */
    static void requireUploadBytes(String contentType) {
        if (contentType == null || !OFFSET_OCTET_STREAM.equals(contentType.trim().toLowerCase(Locale.ROOT))) {
            throw new UnsupportedContentException("Content-Type",
                    "a PATCH carries the bytes as " + OFFSET_OCTET_STREAM + ", not " + contentType);
        }
    }

    static long uploadOffset(String header) {
        return wholeNumber("Upload-Offset", header, "is required: the offset the body starts at (ask with HEAD)");
    }

    private static long wholeNumber(String field, String header, String whenMissing) {
        if (header == null || header.isBlank()) {
            throw new InvalidInputException(field, whenMissing);
        }
        try {
            long value = Long.parseLong(header.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like a negative number
        }
        throw new InvalidInputException(field, "must be a whole number of bytes");
    }
}
