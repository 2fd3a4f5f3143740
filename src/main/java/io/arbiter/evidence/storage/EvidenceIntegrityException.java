package io.arbiter.evidence.storage;

/**
 * A stored evidence file no longer matches its fingerprint, or is gone: the bytes that were submitted cannot be
 * served as they were. Never the caller's fault; operators must restore the file from a backup.
 */
public class EvidenceIntegrityException extends RuntimeException {

    private final String sha256;

    public EvidenceIntegrityException(String sha256, String problem, Throwable cause) {
        super("The stored evidence file " + sha256 + " " + problem, cause);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }
}
