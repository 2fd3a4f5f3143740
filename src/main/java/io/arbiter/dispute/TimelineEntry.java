package io.arbiter.dispute;

import java.time.Instant;

import io.arbiter.identity.Role;

/** One line of a dispute's history: who did what, when. */
public record TimelineEntry(long sequence, Instant at, String type, String actorId, Role actorRole, String actorName,
                            String summary) {

    TimelineEntry named(String name) {
        return new TimelineEntry(sequence, at, type, actorId, actorRole, name, summary);
    }
}
