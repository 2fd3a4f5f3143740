package io.arbiter.evidence.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A complete file on local disk with its SHA-256 (lower-case hex) and length, waiting to be checked and stored. */
public record StagedFile(Path path, String sha256, long size) {

    private static final Logger log = LoggerFactory.getLogger(StagedFile.class);

    /** Removes the file; one that cannot be removed now is left to the staging sweep. */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not delete staged file {}; the staging sweep removes it later", path, e);
        }
    }
}
