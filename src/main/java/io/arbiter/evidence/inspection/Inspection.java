package io.arbiter.evidence.inspection;

import java.util.List;

/**
 * What the content check found in an accepted file: its media type detected from the bytes, facts about an
 * image (null for other kinds), signs of editing seen in its metadata, the number of entries of an archive
 * (0 for other kinds), and the fingerprinted keyframes of an MP4 or MOV video (null for other kinds).
 */
public record Inspection(String mediaType, ImageFacts image, List<IntegritySignal> signals, int archiveEntries,
                         VideoFrames video) {

    public Inspection(String mediaType, ImageFacts image, List<IntegritySignal> signals, int archiveEntries) {
        this(mediaType, image, signals, archiveEntries, null);
    }
}
