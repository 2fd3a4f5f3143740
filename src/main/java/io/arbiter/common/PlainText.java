package io.arbiter.common;

import java.util.Optional;

/**
 * What text a person may send: any character but the control characters other than tab and line breaks, and no
 * half of a UTF-16 surrogate pair. PostgreSQL refuses U+0000 in text (a 500 before this check), and a lone
 * surrogate is stored, then served as JSON that strict parsers reject.
 */
public final class PlainText {

    private PlainText() {
    }

    /** Why the text is refused, or empty when it is fine. */
    public static Optional<String> problemIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains half of a UTF-16 surrogate pair at position " + i);
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return Optional.of(String.format("contains the control character U+%04X at position %d", (int) c, i));
            }
        }
        return Optional.empty();
    }
}
