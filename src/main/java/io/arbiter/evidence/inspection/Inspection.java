package io.arbiter.evidence.inspection;

import java.util.List;

/**
 * What the content check found in an accepted file: its media type detected from the bytes, facts about an
 * image (null for other kinds), signs of editing seen in its metadata, and the number of entries of an archive
 * (0 for other kinds).
 */
public record Inspection(String mediaType, ImageFacts image, List<IntegritySignal> signals, int archiveEntries) {
}
