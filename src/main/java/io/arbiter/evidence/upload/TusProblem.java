package io.arbiter.evidence.upload;

import java.util.Map;

/**
 * A tus protocol error with a status the shared problem handling has no exception for (412, 423, 460) or that
 * must carry tus headers. Answered as an RFC 9457 problem document naming the header at fault.
 */
public class TusProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final Map<String, String> headers;

    TusProblem(int status, String title, String field, String detail) {
        this(status, title, field, detail, Map.of());
    }

    TusProblem(int status, String title, String field, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    /** Another request holds the upload's lock. */
    static TusProblem locked() {
        return new TusProblem(423, "Locked", "uploadId",
                "Another request is working on this upload; try again in a moment", Map.of("Retry-After", "1"));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The header or part of the request at fault; null when the request as a whole is. */
    public String field() {
        return field;
    }

    /** Headers the answer must carry, such as {@code Tus-Version} with a 412 or {@code Upload-Offset}. */
    public Map<String, String> headers() {
        return headers;
    }
}
