package io.arbiter.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one person is told about one event: an inbox item before it is written in their language.
 * {@code key} names the event; with the kind and the recipient it makes the item unique, so that an event
 * delivered twice is told once.
 */
record Notice(String recipientId, NotificationKind kind, String key, UUID disputeId, Instant dueAt, Instant at,
              Phrase title, List<Phrase> text) {

    static Draft draft(NotificationKind kind, String eventKey, Instant at) {
        return new Draft(kind, eventKey, at);
    }

    /** A notice being written: what it is about, by when, its words; then who receives it. */
    static final class Draft {

        private final NotificationKind kind;
        private final String eventKey;
        private final Instant at;
        private UUID disputeId;
        private Instant dueAt;
        private Phrase title;
        private final List<Phrase> text = new ArrayList<>();

        private Draft(NotificationKind kind, String eventKey, Instant at) {
            this.kind = Objects.requireNonNull(kind);
            this.eventKey = Objects.requireNonNull(eventKey);
            this.at = Objects.requireNonNull(at);
        }

        Draft about(UUID disputeId) {
            this.disputeId = disputeId;
            return this;
        }

        Draft due(Instant dueAt) {
            this.dueAt = dueAt;
            return this;
        }

        /** The title is the message {@code <KIND>.title} with these arguments. */
        Draft title(Object... args) {
            this.title = Phrase.of(kind.name() + ".title", args);
            return this;
        }

        /** The sentences of the text, in order; null ones (a note nobody wrote) are left out. */
        Draft says(Phrase... sentences) {
            Arrays.stream(sentences).filter(Objects::nonNull).forEach(text::add);
            return this;
        }

        List<Notice> to(String... recipients) {
            return to(Arrays.asList(recipients));
        }

        List<Notice> to(Collection<String> recipients) {
            Objects.requireNonNull(title, "a notice needs a title");
            return new LinkedHashSet<>(recipients).stream().filter(Objects::nonNull)
                    .map(recipient -> new Notice(recipient, kind, eventKey + "/" + kind, disputeId, dueAt, at, title,
                            List.copyOf(text)))
                    .toList();
        }
    }
}
