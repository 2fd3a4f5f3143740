package io.arbiter.evidence.inspection;

import java.util.Locale;

/** What a piece of evidence is declared to be; the content of a file must match it. */
public enum EvidenceKind {
    PHOTO, VIDEO, DOCUMENT, ARCHIVE, LINK;

    /** The lower-case name used in the reason catalogue's accepted kinds ("photo", "video", "document"). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
