package io.arbiter.notification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A piece of text still to be written in its reader's language: a message code in
 * {@code notification/messages*.properties} and its arguments. Arguments may be plain text (shown as is),
 * instants, {@link io.arbiter.common.Money} or other phrases; {@link Texts} writes each for the reader.
 */
record Phrase(String code, List<Object> args) {

    Phrase {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    static Phrase of(String code, Object... args) {
        return new Phrase(code, Arrays.asList(args));
    }
}
