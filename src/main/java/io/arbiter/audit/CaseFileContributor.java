package io.arbiter.audit;

import java.util.List;
import java.util.UUID;

import org.springframework.core.io.InputStreamSource;

import io.arbiter.identity.Actor;

/**
 * Adds a module's files to a dispute's case file, in a folder of its own (the evidence module: {@code evidence/}).
 * Implement it as a bean; the exporter asks every contributor, writes what it returns (a folder only when it has
 * files) and lists each file with its SHA-256 in the manifest. The contributor decides what the viewer may read:
 * the exporter has already checked that the viewer may see the dispute.
 */
public interface CaseFileContributor {

    /** The folder, one lower-case name such as {@code evidence}. */
    String folder();

    /** The files of the dispute that this viewer may read, in the order they should appear. */
    List<File> files(UUID disputeId, Actor viewer);

    /**
     * One file. {@code name} is a plain file name (no folders, no {@code ..}); {@code content} is opened while the
     * ZIP streams to the caller, so a large original is never held in memory.
     */
    record File(String name, InputStreamSource content) {
    }
}
