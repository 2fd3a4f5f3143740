package io.arbiter.evidence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.arbiter.evidence.inspection.EvidenceKind;

/**
 * {@code arbiter.evidence.*}: the largest file accepted per kind, and how far in the future a photo's capture time
 * may lie (camera clocks drift) before it is flagged. How close two pictures must be to count as copies is part of
 * the fingerprint algorithm ({@link io.arbiter.evidence.inspection.NearCopies}), since the candidate index is built
 * for it.
 */
@ConfigurationProperties("arbiter.evidence")
public record EvidenceProperties(Limits limits, Duration captureClockTolerance,
                                 Integer thumbnailSize) {

    public record Limits(DataSize photo, DataSize video, DataSize document, DataSize archive) {

        public Limits {
            photo = photo == null ? DataSize.ofMegabytes(25) : photo;
            video = video == null ? DataSize.ofGigabytes(2) : video;
            document = document == null ? DataSize.ofMegabytes(25) : document;
            archive = archive == null ? DataSize.ofGigabytes(2) : archive;
        }

        public long bytesFor(EvidenceKind kind) {
            return switch (kind) {
                case PHOTO -> photo.toBytes();
                case VIDEO -> video.toBytes();
                case DOCUMENT -> document.toBytes();
                case ARCHIVE -> archive.toBytes();
                case LINK -> 0;
            };
        }

        public long largest() {
            return Math.max(Math.max(photo.toBytes(), video.toBytes()), Math.max(document.toBytes(), archive.toBytes()));
        }
    }

    public EvidenceProperties {
        limits = limits == null ? new Limits(null, null, null, null) : limits;
        captureClockTolerance = captureClockTolerance == null ? Duration.ofMinutes(10) : captureClockTolerance;
        thumbnailSize = thumbnailSize == null ? 320 : thumbnailSize;
    }
}
