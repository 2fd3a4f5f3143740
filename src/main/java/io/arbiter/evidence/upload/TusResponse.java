package io.arbiter.evidence.upload;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response as tus-java-server sees it. The library answers errors with {@code sendError}, which would give
 * the servlet container's error page; this keeps the error instead, so that it is answered as a problem document
 * ({@link #failIfUnanswered}). It also drops the {@code Content-Length: 0} the library sets on every response,
 * which would cut that document off.
 */
class TusResponse extends HttpServletResponseWrapper {

    /** The library names the tus errors it raises by these statuses; they map to the header at fault. */
    private static final Map<Integer, String> FIELD_OF_STATUS = Map.of(
            400, "Content-Length",
            409, "Upload-Offset",
            412, "Tus-Resumable",
            413, "Upload-Length",
            460, "Upload-Checksum");

    private boolean answered;
    private Integer errorStatus;
    private String errorMessage;

    TusResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setStatus(int status) {
        answered = true;
        super.setStatus(status);
    }

    @Override
    public void sendError(int status, String message) {
        answered = true;
        errorStatus = status;
        errorMessage = message;
    }

    @Override
    public void sendError(int status) {
        sendError(status, null);
    }

    @Override
    public void setHeader(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            return;
        }
        super.setHeader(name, "Tus-Extension".equalsIgnoreCase(name) ? withoutChecksumTrailer(value) : value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.addHeader(name, value);
        }
    }

    /**
     * Throws the error the library answered with, or 423 when it answered nothing at all: that is what it does
     * when another request holds the upload's lock.
     */
    void failIfUnanswered() {
        if (!answered) {
            throw TusProblem.locked();
        }
        if (errorStatus == null) {
            return;
        }
        if (errorStatus == 404) {
            // The library's message names the owner key.
            throw new TusProblem(404, "Not Found", "uploadId", "This upload was not found");
        }
        if (errorStatus == 460) {
            throw new TusProblem(460, "Checksum Mismatch", "Upload-Checksum",
                    "The bytes sent do not match Upload-Checksum; they were discarded, send them again");
        }
        HttpStatus known = HttpStatus.resolve(errorStatus);
        throw new TusProblem(errorStatus, known == null ? "Upload refused" : known.getReasonPhrase(),
                FIELD_OF_STATUS.get(errorStatus), errorMessage == null ? "The upload request was refused" : errorMessage);
    }

    /**
     * The library announces checksum-trailer, which needs its own decoding of chunked bodies; the servlet
     * container decodes them already, so a checksum in a trailer would never be checked.
     */
    private static String withoutChecksumTrailer(String extensions) {
        return Arrays.stream(extensions.split(","))
                .map(String::trim)
                .filter(extension -> !extension.equals("checksum-trailer"))
                .collect(Collectors.joining(","));
    }
}
