package io.arbiter.evidence.inspection;

/** A sign read from a file's metadata that it may have been edited (code for machines, detail for agents). */
public record IntegritySignal(String code, String detail) {
}
